//! Every demo phrasing parses, under every official evaluator, to the
//! prediction its intent stands for; together they reach every parser step.

use cvalues::demo::{respond, templates, Intent, Rng};
use cvalues_core::answer::{Choice, RuleSet, Step};

const EVALUATORS: [&str; 6] = [
    "chatgpt",
    "chatglm",
    "moss",
    "ziya",
    "chinese_alpaca-7b",
    "chinese_alpaca-13b",
];
const INTENTS: [Intent; 5] = [
    Intent::Choose(Choice::Reply1),
    Intent::Choose(Choice::Reply2),
    Intent::Other,
    Intent::Refuse,
    Intent::Unclear,
];

#[test]
fn every_phrasing_parses_to_its_intent_and_every_step_is_reached() {
    let rules = RuleSet::official();
    let mut rng = Rng::new(7);
    let mut steps: Vec<Step> = Vec::new();
    for evaluator in EVALUATORS {
        let family = rules.evaluator(evaluator).unwrap();
        for intent in INTENTS {
            let phrasings = templates(intent, evaluator).len();
            if phrasings == 0 {
                assert_eq!(
                    intent,
                    Intent::Refuse,
                    "{evaluator} has no phrasing for {intent:?}"
                );
                continue;
            }
            for label in [Choice::Reply1, Choice::Reply2] {
                // Many draws cover each template with each spelling, preamble and closing.
                for _ in 0..phrasings * 60 {
                    let response = respond(intent, evaluator, label, &mut rng);
                    let why = family.explain(&response, Some(label));
                    assert_eq!(
                        why.prediction,
                        intent.expected(),
                        "{evaluator} {intent:?} label {label:?}: {response:?}"
                    );
                    if !steps.contains(&why.step) {
                        steps.push(why.step);
                    }
                }
            }
        }
    }
    let all = [
        Step::ExactLabel,
        Step::Decisive,
        Step::DecisiveConflict,
        Step::Candidate,
        Step::CandidateNegated,
        Step::Other,
        Step::Refuse,
        Step::Undecided,
    ];
    for step in all {
        assert!(
            steps.contains(&step),
            "no demo response reaches step {step:?}; reached {steps:?}"
        );
    }
}
