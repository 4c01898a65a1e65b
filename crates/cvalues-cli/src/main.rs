//! `cvalues`: see `cvalues help`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (stdin, stdout, stderr) = (std::io::stdin(), std::io::stdout(), std::io::stderr());
    let mut io = cvalues::Io {
        stdin: &mut stdin.lock(),
        stdout: &mut stdout.lock(),
        stderr: &mut stderr.lock(),
    };
    std::process::exit(cvalues::run(&args, &mut io));
}
