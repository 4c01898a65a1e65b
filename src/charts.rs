//! Charts, drawn with plotters as SVG strings: an interval chart (value and
//! 95% whiskers per model), a heatmap (models × categories) and a scatter
//! plot with whiskers on both axes. plotters escapes every text it writes,
//! so model and category names always render as text.
//!
//! These functions only draw what they are given; every number comes from
//! `cvalues_core`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

type Draw = Result<(), Box<dyn std::error::Error>>;

/// One labelled value with its interval, in display units.
#[derive(Debug, Clone, PartialEq)]
pub struct Whisker {
    pub label: String,
    pub value: f64,
    pub ci: Option<(f64, f64)>,
    pub highlight: bool,
}

const ACCENT: RGBColor = RGBColor(31, 78, 121);
const ORANGE: RGBColor = RGBColor(213, 94, 0);
/// The charts' font. The enum, not the name: plotters lower-cases a
/// family name with Unicode tables that would sit in the first view's wasm.
const FONT: FontFamily = FontFamily::SansSerif;

fn padded_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.08).max(0.5);
    (lo - pad, hi + pad)
}

fn bounds(w: &Whisker) -> [f64; 3] {
    let (lo, hi) = w.ci.unwrap_or((w.value, w.value));
    [lo, w.value, hi]
}

/// Renders `draw` into an SVG string of the given size; a drawing error
/// becomes a visible message instead of a broken chart.
fn render(size: (u32, u32), draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Draw) -> String {
    let mut svg = String::new();
    let result = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let result = root
            .fill(&WHITE)
            .map_err(Into::into)
            .and_then(|_| draw(&root));
        root.present().ok();
        result
    };
    match result {
        Ok(()) => svg,
        Err(e) => format!(
            "<p class=\"chart-error\">The chart could not be drawn: {}</p>",
            html_escape(&e.to_string())
        ),
    }
}

/// Escapes text for HTML.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Values with whiskers, one row per model, best at the top.
pub fn interval_chart(rows: &[Whisker], axis: &str) -> String {
    let n = rows.len().max(1);
    let height = 60 + 26 * n as u32;
    render((760, height), |root| {
        let (lo, hi) = padded_range(rows.iter().flat_map(bounds));
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(230)
            .build_cartesian_2d(lo..hi, (0..n).into_segmented())?;
        let label = |v: &SegmentValue<usize>| match v {
            // plotters may ask for segments past the last row.
            SegmentValue::CenterOf(i) => n
                .checked_sub(1 + i)
                .and_then(|k| rows.get(k))
                .map(|r| r.label.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&label)
            .x_desc(axis)
            .label_style((FONT, 13))
            .draw()?;
        for (i, r) in rows.iter().enumerate() {
            let y = || SegmentValue::CenterOf(n - 1 - i);
            let color = if r.highlight { ORANGE } else { ACCENT };
            if let Some((a, b)) = r.ci {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(a, y()), (b, y())],
                    color.stroke_width(2),
                )))?;
            }
            chart.draw_series(std::iter::once(Circle::new(
                (r.value, y()),
                5,
                color.filled(),
            )))?;
        }
        Ok(())
    })
}

/// A models × categories grid of one score.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// `cells[row][col]`, in display units; `None` when undefined.
    pub cells: Vec<Vec<Option<f64>>>,
    /// Decimals to print in each cell.
    pub decimals: usize,
}

/// Where the heatmap's grid sits, for drawing and for finding the cell under the pointer.
pub mod heat_layout {
    pub const LEFT: i32 = 230;
    pub const TOP: i32 = 210;
    pub const CELL_W: i32 = 62;
    pub const CELL_H: i32 = 28;
}

/// The (row, column) at a point of a heatmap, if it is on a cell.
pub fn heat_cell_at(h: &Heatmap, x: f64, y: f64) -> Option<(usize, usize)> {
    use heat_layout::*;
    let (cx, cy) = (
        (x - f64::from(LEFT)) / f64::from(CELL_W),
        (y - f64::from(TOP)) / f64::from(CELL_H),
    );
    (cx >= 0.0 && cy >= 0.0 && (cx as usize) < h.cols.len() && (cy as usize) < h.rows.len())
        .then_some((cy as usize, cx as usize))
}

/// A colour-blind-safe sequential ramp (viridis), t in 0..=1.
fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 5] = [
        (68, 1, 84),
        (59, 82, 139),
        (33, 145, 140),
        (94, 201, 98),
        (253, 231, 37),
    ];
    let t = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let i = (t.floor() as usize).min(STOPS.len() - 2);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Draws a heatmap; colours span the grid's own range.
pub fn heatmap(h: &Heatmap) -> String {
    use heat_layout::*;
    let width = (LEFT + CELL_W * h.cols.len() as i32 + 12) as u32;
    let height = (TOP + CELL_H * h.rows.len() as i32 + 12) as u32;
    render((width, height), |root| {
        let values = h.cells.iter().flatten().flatten().copied();
        let (lo, hi) = values
            .clone()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
        let span = if hi > lo { hi - lo } else { 1.0 };
        let row_style =
            TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
        let col_style = TextStyle::from((FONT, 13).into_font().transform(FontTransform::Rotate270))
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (r, name) in h.rows.iter().enumerate() {
            root.draw(&Text::new(
                name.clone(),
                (LEFT - 8, TOP + CELL_H * r as i32 + CELL_H / 2),
                &row_style,
            ))?;
        }
        for (c, name) in h.cols.iter().enumerate() {
            root.draw(&Text::new(
                name.clone(),
                (LEFT + CELL_W * c as i32 + CELL_W / 2, TOP - 8),
                &col_style,
            ))?;
        }
        for (r, row) in h.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (x, y) = (LEFT + CELL_W * c as i32, TOP + CELL_H * r as i32);
                let (fill, text, ink) = match cell {
                    Some(v) => {
                        let t = (v - lo) / span;
                        let ink = if t > 0.6 { BLACK } else { WHITE };
                        (viridis(t), format!("{v:.*}", h.decimals), ink)
                    }
                    None => (RGBColor(235, 235, 235), "—".to_string(), BLACK),
                };
                root.draw(&Rectangle::new(
                    [(x, y), (x + CELL_W - 1, y + CELL_H - 1)],
                    fill.filled(),
                ))?;
                let style = TextStyle::from((FONT, 12).into_font())
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                root.draw(&Text::new(text, (x + CELL_W / 2, y + CELL_H / 2), &style))?;
            }
        }
        Ok(())
    })
}

/// A model in a scatter plot: x and y with their intervals, in display units.
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterPoint {
    pub label: String,
    pub x: f64,
    pub x_ci: Option<(f64, f64)>,
    pub y: f64,
    pub y_ci: Option<(f64, f64)>,
    pub highlight: bool,
}

/// Points with whiskers on both axes and a label beside each.
pub fn scatter(points: &[ScatterPoint], x_desc: &str, y_desc: &str) -> String {
    render((760, 560), |root| {
        let xs = points.iter().flat_map(|p| {
            let (a, b) = p.x_ci.unwrap_or((p.x, p.x));
            [a, p.x, b]
        });
        let ys = points.iter().flat_map(|p| {
            let (a, b) = p.y_ci.unwrap_or((p.y, p.y));
            [a, p.y, b]
        });
        let ((x0, x1), (y0, y1)) = (padded_range(xs), padded_range(ys));
        let mut chart = ChartBuilder::on(root)
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .label_style((FONT, 13))
            .draw()?;
        for p in points {
            let color = if p.highlight { ORANGE } else { ACCENT };
            if let Some((a, b)) = p.x_ci {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(a, p.y), (b, p.y)],
                    color.mix(0.6),
                )))?;
            }
            if let Some((a, b)) = p.y_ci {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(p.x, a), (p.x, b)],
                    color.mix(0.6),
                )))?;
            }
            let label = EmptyElement::at((p.x, p.y))
                + Circle::new((0, 0), 5, color.filled())
                + Text::new(p.label.clone(), (7, -14), (FONT, 12).into_font());
            chart.draw_series(std::iter::once(label))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// plotters asks the label formatter for segments past the last row; that
    /// once overflowed (a panic in debug builds, as `make serve` makes).
    #[test]
    fn interval_chart_labels_every_row_and_nothing_past_them() {
        let rows: Vec<Whisker> = ["Alpha", "Beta", "Gamma"]
            .iter()
            .enumerate()
            .map(|(i, name)| Whisker {
                label: name.to_string(),
                value: 50.0 + i as f64,
                ci: Some((45.0 + i as f64, 55.0 + i as f64)),
                highlight: i == 1,
            })
            .collect();
        let svg = interval_chart(&rows, "Safety (human)");
        assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
        for row in &rows {
            let labels = svg.lines().filter(|l| l.trim() == row.label).count();
            assert_eq!(labels, 1, "{}", row.label);
        }
    }
}
