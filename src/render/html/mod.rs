//! `own report --format html`: one self-contained page (inline CSS and script, no network,
//! no external fonts) with the responsibility matrix (sticky headers, a filter box, role
//! colours, the roles people hold through their teams beside their own), each person's load
//! as bars, the coverage figures, key-person risk as bars (`risk.rs`), and the date and git
//! commit the report was made from.
//!
//! Every value read from YAML is escaped with [`text::html`]; the page embeds no data in
//! script, so nothing needs escaping for JavaScript. The filter is also read from the URL
//! fragment (`report.html#filter=alice`) by the same function the input box calls.

mod risk;

use std::io::{self, Write};

use super::report::{
    ReportView, away_text, delegation_status_text, handoff_lines, review_status_text,
};
use super::text::html as esc;
use crate::query::Named;
use crate::report::{Column, DelegationStatus, Kind, ReviewStatus, ThroughCell};

const STYLE: &str = r##"
:root {
  --bg: #ffffff; --fg: #1d2330; --muted: #5f6b7a; --line: #dde2e8; --head: #f4f6f9;
  --r0: #b42318; --r0-bg: #fde8e6; --r1: #175cd3; --r1-bg: #e3edfd; --r2: #a15c07; --r2-bg: #fdf1d8;
  --r3: #087b83; --r3-bg: #dcf4f4; --r4: #7a2eb8; --r4-bg: #f1e6fb; --r5: #2f7d32; --r5-bg: #e4f3e4;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171c; --fg: #e6e9ee; --muted: #9aa4b2; --line: #2c323b; --head: #1c2027;
    --r0: #ff8a7a; --r0-bg: #3d1d1a; --r1: #86b0ff; --r1-bg: #1b2a45; --r2: #f5c063; --r2-bg: #3a2c12;
    --r3: #6fd6d6; --r3-bg: #12353a; --r4: #c9a0f5; --r4-bg: #2e1f40; --r5: #8fd694; --r5-bg: #1d3320;
  }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
code { font: 12.5px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
h1 { font-size: 22px; margin: 0 0 4px; }
h1 code { font-size: 20px; }
h2 { font-size: 17px; margin: 32px 0 10px; }
h3 { font-size: 15px; margin: 22px 0 8px; }
.meta { color: var(--muted); margin: 0; }
.meta code { color: var(--fg); }
nav { margin: 10px 0 0; display: flex; gap: 14px; }
nav a { color: var(--r1); text-decoration: none; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: 12px; margin-top: 18px; }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.figure .label { color: var(--muted); font-size: 12.5px; }
.figure .value { font-size: 22px; font-weight: 600; }
.figure .value small { font-size: 13px; color: var(--muted); font-weight: 400; }
.progress { height: 6px; border-radius: 3px; background: var(--line); overflow: hidden; margin-top: 6px; }
.progress span { display: block; height: 100%; background: var(--r5); }
.progress.gap span { background: var(--r2); }
.figure .missing { margin-top: 6px; font-size: 12.5px; color: var(--muted); }
.tools { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 16px; margin-bottom: 10px; }
#filter { font: inherit; padding: 6px 10px; width: 320px; max-width: 100%; border: 1px solid var(--line);
  border-radius: 6px; background: var(--bg); color: var(--fg); }
#shown { color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 6px; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12.5px; }
.matrix-wrap { overflow: auto; max-height: 75vh; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: separate; border-spacing: 0; }
.matrix th, .matrix td { border-bottom: 1px solid var(--line); border-right: 1px solid var(--line); }
.matrix thead th { position: sticky; top: 0; z-index: 2; background: var(--head); vertical-align: bottom;
  padding: 8px 4px; font-weight: 600; }
.matrix thead th.col span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
.matrix thead th.col.team span { color: var(--r1); }
.matrix .first-person { border-left: 2px solid var(--muted); }
.matrix .first-through { border-left: 2px dashed var(--muted); }
.matrix td.via { font-weight: 400; font-style: italic; }
.matrix thead th.corner { left: 0; z-index: 3; text-align: left; padding: 8px 10px; min-width: 260px; }
.matrix tbody th { position: sticky; left: 0; z-index: 1; background: var(--bg); text-align: left;
  font-weight: 400; padding: 5px 10px; max-width: 380px; }
.matrix tbody th .title { display: block; color: var(--muted); font-size: 12.5px; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.matrix td { text-align: center; min-width: 30px; padding: 4px; font-weight: 600; font-size: 12.5px; }
.matrix tbody tr:hover th, .matrix tbody tr:hover td { background-image: linear-gradient(rgba(127,127,127,.08), rgba(127,127,127,.08)); }
.r0 { color: var(--r0); background: var(--r0-bg); } .r1 { color: var(--r1); background: var(--r1-bg); }
.r2 { color: var(--r2); background: var(--r2-bg); } .r3 { color: var(--r3); background: var(--r3-bg); }
.r4 { color: var(--r4); background: var(--r4-bg); } .r5 { color: var(--r5); background: var(--r5-bg); }
.load td, .load th { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
.load th { background: var(--head); font-weight: 600; }
.load .who small { color: var(--muted); display: block; font-size: 12.5px; }
.bar { display: flex; width: 280px; height: 14px; border-radius: 3px; overflow: hidden; background: var(--head); }
.bar span { display: block; height: 100%; }
.bar .r0 { background: var(--r0); } .bar .r1 { background: var(--r1); } .bar .r2 { background: var(--r2); }
.bar .r3 { background: var(--r3); } .bar .r4 { background: var(--r4); } .bar .r5 { background: var(--r5); }
.num { text-align: right !important; font-variant-numeric: tabular-nums; }
.gaps { margin: 0; padding-left: 18px; }
.none { color: var(--muted); }
footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; }
@media print { .matrix-wrap { max-height: none; overflow: visible; } .tools input, nav { display: none; } }
"##;

const SCRIPT: &str = r##"
(function () {
  "use strict";
  var input = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#matrix tbody tr"));
  var heads = Array.prototype.slice.call(document.querySelectorAll("#matrix thead th.col"));

  // Show the rows whose duty id, title or holders contain every word of the text; hide the
  // columns left without a role. The input box and the URL fragment both come here.
  function applyFilter(text) {
    var words = text.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    var used = heads.map(function () { return false; });
    var count = 0;
    rows.forEach(function (row) {
      var hay = row.getAttribute("data-search") || "";
      var match = words.every(function (w) { return hay.indexOf(w) !== -1; });
      row.hidden = !match;
      if (!match) { return; }
      count += 1;
      for (var i = 0; i < heads.length; i += 1) {
        var cell = row.cells[i + 1];
        if (cell && cell.textContent) { used[i] = true; }
      }
    });
    heads.forEach(function (head, i) {
      var hide = words.length > 0 && !used[i];
      head.hidden = hide;
      rows.forEach(function (row) { if (row.cells[i + 1]) { row.cells[i + 1].hidden = hide; } });
    });
    shown.textContent = count + " of " + rows.length + " duties";
    if (input.value !== text) { input.value = text; }
  }

  function fromFragment() {
    var match = /(?:^#|&)filter=([^&]*)/.exec(window.location.hash);
    if (!match) { return ""; }
    try { return decodeURIComponent(match[1].replace(/\+/g, " ")); } catch (e) { return match[1]; }
  }

  input.addEventListener("input", function () {
    applyFilter(input.value);
    try {
      var hash = input.value ? "#filter=" + encodeURIComponent(input.value) : " ";
      window.history.replaceState(null, "", hash === " " ? window.location.pathname : hash);
    } catch (e) { /* some browsers refuse history on file: URLs */ }
  });
  window.addEventListener("hashchange", function () { applyFilter(fromFragment()); });
  window.ownApplyFilter = applyFilter;
  applyFilter(fromFragment());
})();
"##;

/// Write the page; the view's KIND decides which section comes first.
pub(crate) fn page(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    let title = format!("Ownership report: {}", view.root_name);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<meta name=\"generator\" content=\"own {}\">",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "<title>{}</title>", esc(&title))?;
    writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>")?;
    header(view, out)?;
    // The KIND asked for first, then the others in their usual order.
    let order = std::iter::once(view.kind).chain(Kind::ALL.into_iter().filter(|k| *k != view.kind));
    writeln!(out, "<main>")?;
    for kind in order {
        match kind {
            Kind::Matrix => matrix(view, out)?,
            Kind::People => people(view, out)?,
            Kind::Coverage => coverage(view, out)?,
            Kind::Risk => risk::section(view, out)?,
            Kind::Reviews => reviews(view, out)?,
            Kind::Delegations => delegations(view, out)?,
            Kind::Alerts => alerts(view, out)?,
        }
    }
    writeln!(out, "</main>")?;
    writeln!(
        out,
        "<footer>Made by <code>own report</code> {}; the page works offline and loads nothing.</footer>",
        esc(env!("CARGO_PKG_VERSION"))
    )?;
    writeln!(out, "<script>{SCRIPT}</script>\n</body>\n</html>")
}

fn header(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<header>")?;
    writeln!(
        out,
        "<h1>Ownership report: <code>{}</code></h1>",
        esc(&view.root_name)
    )?;
    let source = match &view.stamp {
        Some(stamp) => super::text::stamp(stamp, &|full, shown| {
            if full == shown {
                format!("<code>{}</code>", esc(shown))
            } else {
                format!("<code title=\"{}\">{}</code>", esc(full), esc(shown))
            }
        }),
        None => "not in a git repository".to_owned(),
    };
    let org = view.org;
    writeln!(
        out,
        "<p class=\"meta\">As of <time datetime=\"{d}\">{d}</time> · {source} · {} · {} · {}</p>",
        count(org.duties.len(), "duty", "duties"),
        count(org.people.len(), "person", "people"),
        count(org.teams.len(), "team", "teams"),
        d = view.today
    )?;
    if !view.filter.is_empty() {
        writeln!(
            out,
            "<p class=\"meta\">Filter: {}</p>",
            esc(&view.filter.describe())
        )?;
    }
    writeln!(
        out,
        "<nav><a href=\"#matrix\">Matrix</a><a href=\"#people\">Load per person</a><a href=\"#coverage\">Coverage</a><a href=\"#risk\">Key-person risk</a><a href=\"#reviews\">Reviews</a><a href=\"#delegations\">Delegations</a><a href=\"#alerts\">Alerts</a></nav>"
    )?;
    figures(view, out)?;
    writeln!(out, "</header>")
}

fn count(n: usize, one: &str, many: &str) -> String {
    super::check::count(n, one, many)
}

fn ratio(part: usize, whole: usize) -> usize {
    (part * 100).checked_div(whole).unwrap_or(100)
}

/// The coverage figures as cards with progress bars.
fn figures(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<div class=\"figures\">")?;
    for (label, covered, total, missing) in super::report::coverage_figures(view) {
        let pct = ratio(covered, total);
        let gap = if covered < total { " gap" } else { "" };
        writeln!(
            out,
            "<div class=\"figure\"><div class=\"label\">{}</div><div class=\"value\">{covered} <small>of {total}</small></div><div class=\"progress{gap}\"><span style=\"width:{pct}%\"></span></div>",
            esc(&label)
        )?;
        if !missing.is_empty() {
            let shown: Vec<String> = missing
                .iter()
                .take(8)
                .map(|m| format!("<code>{}</code>", esc(m)))
                .collect();
            let more = if missing.len() > 8 {
                format!(" and {} more", missing.len() - 8)
            } else {
                String::new()
            };
            writeln!(
                out,
                "<div class=\"missing\">missing: {}{more}</div>",
                shown.join(", ")
            )?;
        }
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</div>")
}

fn legend(view: &ReportView<'_>, through: bool, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "<div class=\"legend\">")?;
    for (i, letter) in view.letters.iter().enumerate() {
        write!(
            out,
            "<span class=\"chip r{}\">{} {}</span>",
            i % 6,
            esc(letter),
            esc(view.role_name(i))
        )?;
    }
    if through {
        write!(out, "<span class=\"chip\">(…) through a team</span>")?;
    }
    writeln!(out, "</div>")
}

fn matrix(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    let m = &view.matrix;
    writeln!(
        out,
        "<section id=\"matrix\">\n<h2>Responsibility matrix</h2>"
    )?;
    if !m.is_readable() {
        let (message, help) = m.too_large();
        // The filter script needs its elements even when there is no table.
        return writeln!(
            out,
            "<p class=\"meta\">{}: {}.</p>\n<input id=\"filter\" type=\"hidden\"><span id=\"shown\" hidden></span>\n</section>",
            esc(&message),
            esc(help)
        );
    }
    writeln!(out, "<div class=\"tools\">")?;
    writeln!(
        out,
        "<input id=\"filter\" type=\"search\" placeholder=\"Filter by duty, title or holder…\" autocomplete=\"off\" aria-label=\"Filter duties\">"
    )?;
    writeln!(
        out,
        "<span id=\"shown\">{} of {} duties</span>",
        m.rows.len(),
        m.rows.len()
    )?;
    let (through_columns, through_rows): (&[Column<'_>], &[Vec<ThroughCell<'_>>]) =
        match &view.through {
            Some(t) => (&t.columns, &t.rows),
            None => (&[], &[]),
        };
    legend(view, through_rows.iter().any(|r| !r.is_empty()), out)?;
    writeln!(out, "</div>")?;
    writeln!(
        out,
        "<div class=\"matrix-wrap\">\n<table class=\"matrix\">\n<thead><tr><th class=\"corner\" scope=\"col\">Duty</th>"
    )?;
    // A line between the team columns and the people's, and a dashed one before the people
    // who hold roles only through a team.
    let first_person = m
        .columns
        .iter()
        .position(|c| !matches!(c.holder, Named::Team(_)))
        .filter(|&i| i > 0);
    let first_through = (!through_columns.is_empty()).then_some(m.columns.len());
    let edge = |col: usize| {
        if first_person == Some(col) {
            " first-person"
        } else if first_through == Some(col) {
            " first-through"
        } else {
            ""
        }
    };
    let columns: Vec<&Column<'_>> = m.columns.iter().chain(through_columns).collect();
    for (i, c) in columns.iter().enumerate() {
        let class = match c.holder {
            Named::Team(_) => "col team",
            Named::Person(_) if first_through.is_some_and(|f| i >= f) => "col person through",
            Named::Person(_) => "col person",
            Named::Undefined(_) => "col unknown",
        };
        let kind = if first_through.is_some_and(|f| i >= f) {
            "person, through a team"
        } else {
            c.holder.kind()
        };
        let tip = match c.holder.name() {
            Some(name) => format!("{} ({kind}): {name}", c.holder.id()),
            None => format!("{} ({kind})", c.holder.id()),
        };
        writeln!(
            out,
            "<th class=\"{class}{}\" scope=\"col\" title=\"{}\"><span>{}</span></th>",
            edge(i),
            esc(&tip),
            esc(c.holder.id())
        )?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for (r, row) in m.rows.iter().enumerate() {
        let duty = row.duty;
        let title = duty.title();
        let through = through_rows.get(r).map_or(&[][..], Vec::as_slice);
        let mut search = vec![duty.id.to_lowercase()];
        if let Some(t) = title {
            search.push(t.to_lowercase());
        }
        // The filter finds a row by everyone who holds a role on it, directly or through a
        // team, as `--person` selects it.
        let mut held: Vec<usize> = row.cells.iter().map(|(col, _)| *col).collect();
        held.extend(through.iter().map(|(col, _)| *col));
        held.sort_unstable();
        held.dedup();
        for col in held {
            let holder = &columns[col].holder;
            search.push(holder.id().to_lowercase());
            if let Some(name) = holder.name() {
                search.push(name.to_lowercase());
            }
        }
        write!(
            out,
            "<tr data-duty=\"{}\" data-search=\"{}\"><th scope=\"row\"><code>{}</code>",
            esc(&duty.id),
            esc(&search.join(" ")),
            esc(&duty.id)
        )?;
        if let Some(t) = title {
            write!(
                out,
                "<span class=\"title\" title=\"{0}\">{0}</span>",
                esc(t)
            )?;
        }
        write!(out, "</th>")?;
        let mut direct = row.cells.iter().peekable();
        let mut via = through.iter().peekable();
        for (col, column) in columns.iter().enumerate() {
            let edge = edge(col);
            let roles = direct
                .next_if(|(c, _)| *c == col)
                .map(|(_, r)| r.as_slice());
            let teams = via.next_if(|(c, _)| *c == col).map(|(_, r)| r.as_slice());
            if roles.is_none() && teams.is_none() {
                if edge.is_empty() {
                    write!(out, "<td></td>")?;
                } else {
                    write!(out, "<td class=\"{}\"></td>", edge.trim_start())?;
                }
                continue;
            }
            let roles = roles.unwrap_or_default();
            let teams = teams.unwrap_or_default();
            let mut tips: Vec<String> = roles
                .iter()
                .map(|&r| view.role_name(r).to_owned())
                .collect();
            tips.extend(
                teams
                    .iter()
                    .map(|(r, team)| format!("{} through {}", view.role_name(*r), team.id)),
            );
            let mut text = view.cell(roles);
            if !teams.is_empty() {
                let letters: Vec<usize> = teams.iter().map(|(r, _)| *r).collect();
                let sep = if text.is_empty() { "" } else { " " };
                text.push_str(&format!("{sep}({})", view.cell(&letters)));
            }
            let first = roles.first().or(teams.first().map(|(r, _)| r));
            let via = if roles.is_empty() { " via" } else { "" };
            write!(
                out,
                "<td class=\"r{}{via}{edge}\" title=\"{}: {}\">{}</td>",
                first.copied().unwrap_or(0) % 6,
                esc(column.holder.id()),
                esc(&tips.join(", ")),
                esc(&text)
            )?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>\n</div>\n</section>")
}

fn people(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"people\">\n<h2>Load per person</h2>")?;
    legend(view, false, out)?;
    let max = view
        .people
        .iter()
        .map(|l| l.total)
        .max()
        .unwrap_or(0)
        .max(1);
    writeln!(
        out,
        "<table class=\"load\">\n<thead><tr><th>Person</th><th>Load</th><th class=\"num\">Roles</th><th>Accountable for</th><th>Teams</th><th>Delegations</th><th>Handoffs</th><th>Away</th></tr></thead>\n<tbody>"
    )?;
    for load in &view.people {
        let p = load.person;
        write!(
            out,
            "<tr data-person=\"{}\"><td class=\"who\"><code>{}</code>",
            esc(&p.id),
            esc(&p.id)
        )?;
        if let Some(name) = &p.name {
            write!(out, "<small>{}</small>", esc(&name.value))?;
        }
        write!(out, "</td><td><div class=\"bar\">")?;
        for (role, n) in load.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            // Stacked segments in proportion to the most loaded person.
            let width = (*n as f64) * 100.0 / (max as f64);
            write!(
                out,
                "<span class=\"r{}\" style=\"width:{width:.2}%\" title=\"{n} {}\"></span>",
                role % 6,
                esc(view.role_name(role))
            )?;
        }
        let counts: Vec<String> = load
            .counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(r, n)| {
                format!(
                    "{n} {}",
                    esc(view.letters.get(r).map_or("?", String::as_str))
                )
            })
            .collect();
        write!(
            out,
            "</div></td><td class=\"num\" title=\"{}\">{}</td>",
            counts.join(", "),
            load.total
        )?;
        let codes = |ids: &[&str]| {
            if ids.is_empty() {
                "<span class=\"none\">—</span>".to_owned()
            } else {
                ids.iter()
                    .map(|i| format!("<code>{}</code>", esc(i)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let teams: Vec<&str> = load.teams.iter().map(|t| t.id.as_str()).collect();
        let mut delegations: Vec<String> = Vec::new();
        if !load.delegated_to.is_empty() {
            delegations.push(format!("{} asked of them", load.delegated_to.len()));
        }
        if !load.delegated_by.is_empty() {
            delegations.push(format!("{} asked by them", load.delegated_by.len()));
        }
        let lines = |items: Vec<String>| {
            if items.is_empty() {
                "<span class=\"none\">—</span>".to_owned()
            } else {
                items
                    .iter()
                    .map(|i| esc(i))
                    .collect::<Vec<_>>()
                    .join("<br>")
            }
        };
        let away: Vec<String> = load.away.iter().map(|a| away_text(a)).collect();
        writeln!(
            out,
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            codes(&load.accountable),
            codes(&teams),
            if delegations.is_empty() {
                "<span class=\"none\">—</span>".to_owned()
            } else {
                delegations.join(", ")
            },
            lines(handoff_lines(load)),
            lines(away)
        )?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    writeln!(
        out,
        "<p class=\"meta\">Roles held through a team count for each of its people, once per duty and role.</p>\n</section>"
    )
}

fn coverage(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"coverage\">\n<h2>Coverage</h2>")?;
    writeln!(
        out,
        "<table class=\"load\">\n<thead><tr><th></th><th class=\"num\">Covered</th><th class=\"num\">Of</th><th>Missing</th></tr></thead>\n<tbody>"
    )?;
    for (label, covered, total, missing) in super::report::coverage_figures(view) {
        const SHOWN: usize = 100;
        let missing = if missing.is_empty() {
            "<span class=\"none\">—</span>".to_owned()
        } else {
            let mut shown: Vec<String> = missing
                .iter()
                .take(SHOWN)
                .map(|m| format!("<code>{}</code>", esc(m)))
                .collect();
            if missing.len() > SHOWN {
                shown.push(format!("and {} more", missing.len() - SHOWN));
            }
            shown.join(", ")
        };
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{covered}</td><td class=\"num\">{total}</td><td>{missing}</td></tr>",
            esc(&label)
        )?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    if let Some(files) = &view.coverage.files
        && files.unowned.len() > super::report::CELL_ITEMS
    {
        // The page stays readable on a huge repository: the first files, and a count.
        const SHOWN: usize = 1000;
        writeln!(
            out,
            "<details id=\"unowned-files\"><summary>{} unowned files</summary>\n<ul class=\"gaps\">",
            files.unowned.len()
        )?;
        for path in files.unowned.iter().take(SHOWN) {
            writeln!(out, "<li><code>{}</code></li>", esc(path))?;
        }
        writeln!(out, "</ul>")?;
        if files.unowned.len() > SHOWN {
            writeln!(
                out,
                "<p class=\"meta\">… and {} more; <code>own report coverage --format csv</code> lists every one.</p>",
                files.unowned.len() - SHOWN
            )?;
        }
        writeln!(out, "</details>")?;
    }
    writeln!(out, "</section>")
}

/// A status in a coloured chip: red for attention, amber for soon, green for fine.
fn chip(text: &str, colour: usize) -> String {
    format!("<span class=\"chip r{colour}\">{}</span>", esc(text))
}

fn alerts(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    use super::report::alerts::{receivers_text, route_text, status};
    writeln!(out, "<section id=\"alerts\">\n<h2>Alerts</h2>")?;
    if view.alerts.is_empty() {
        writeln!(
            out,
            "<p class=\"meta\">No alerts: <code>coverage.alerts</code> names no source, or the sources define none.</p>\n</section>"
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "<table class=\"load\">\n<thead><tr><th>Alert</th><th>Format</th><th>Defined in</th><th>Duty</th><th>Routed to</th><th>Route</th><th>Status</th></tr></thead>\n<tbody>"
    )?;
    for row in &view.alerts {
        let state = status(row);
        let colour = match state {
            "unowned" | "misrouted" => 0,
            _ => 5,
        };
        writeln!(
            out,
            "<tr data-alert=\"{}\"><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            esc(state),
            esc(&row.def.name),
            esc(row.def.format.as_str()),
            esc(&view.at(row.def.loc)),
            row.duty
                .map_or("<span class=\"none\">—</span>".to_owned(), |d| format!(
                    "<code>{}</code>",
                    esc(d)
                )),
            esc(&receivers_text(row)),
            esc(&route_text(row)),
            chip(state, colour)
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn reviews(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"reviews\">\n<h2>Reviews</h2>")?;
    let policy = match &view.org.manifest.policy.review_every {
        Some(every) => format!(
            "Reviews are due every {} (<code>policy.review-every</code>); due soon means within {} days.",
            esc(&every.value.to_string()),
            crate::report::DUE_SOON_DAYS
        ),
        None => "No <code>policy.review-every</code>: reviews are never due; only missing ones stand out.".to_owned(),
    };
    writeln!(out, "<p class=\"meta\">{policy}</p>")?;
    writeln!(
        out,
        "<table class=\"load\">\n<thead><tr><th>Duty</th><th>Accountable</th><th>Reviewed</th><th>Due</th><th>Status</th></tr></thead>\n<tbody>"
    )?;
    let date = |d: Option<crate::model::Date>| {
        d.map_or("<span class=\"none\">—</span>".to_owned(), |d| {
            format!("<time datetime=\"{d}\">{d}</time>")
        })
    };
    for r in &view.reviews {
        let colour = match r.status {
            ReviewStatus::Never | ReviewStatus::Stale => 0,
            ReviewStatus::DueSoon => 2,
            ReviewStatus::Ok => 5,
        };
        let accountable: Vec<String> = view
            .accountable(r.duty)
            .iter()
            .map(|a| format!("<code>{}</code>", esc(a)))
            .collect();
        writeln!(
            out,
            "<tr data-review=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(r.status.as_str()),
            esc(&r.duty.id),
            accountable.join(", "),
            date(r.reviewed),
            date(r.due),
            chip(&review_status_text(r), colour)
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn delegations(view: &ReportView<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"delegations\">\n<h2>Delegations</h2>")?;
    if view.delegations.is_empty() {
        return writeln!(out, "<p class=\"meta\">No delegations.</p>\n</section>");
    }
    writeln!(
        out,
        "<table class=\"load\">\n<thead><tr><th>Delegation</th><th>Duty</th><th>From → to</th><th>Due</th><th>Report to</th><th>Status</th><th>Expect</th></tr></thead>\n<tbody>"
    )?;
    let none = "<span class=\"none\">—</span>";
    for (d, status) in &view.delegations {
        let colour = match status {
            DelegationStatus::Overdue => 0,
            DelegationStatus::Open => 1,
            DelegationStatus::Done => 5,
        };
        writeln!(
            out,
            "<tr data-delegation=\"{}\"><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code> → <code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(status.as_str()),
            esc(&d.id),
            esc(&d.duty.value),
            esc(&d.from.value),
            esc(&d.to.value),
            d.due
                .as_ref()
                .map_or(none.to_owned(), |m| esc(&m.value.to_string())),
            d.report_to.as_ref().map_or(none.to_owned(), |r| format!(
                "<code>{}</code>",
                esc(&r.value)
            )),
            chip(delegation_status_text(*status), colour),
            d.expect
                .as_ref()
                .map_or(none.to_owned(), |e| esc(e.value.trim()))
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}
