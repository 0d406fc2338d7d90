//! Where alerts are routed: an Alertmanager configuration's `route:` tree and `receivers:`,
//! and routing a label set through the tree exactly as Alertmanager does.
//!
//! A route matches when all its matchers do (`matchers:` strings with `=`, `!=`, `=~`, `!~`,
//! and the older `match:` and `match_re:`); regular expressions are anchored at both ends,
//! and a label the alert does not carry has the empty value. Routing goes depth first: the
//! children of a matching route are tried in order, the first that matches takes the alert
//! unless it says `continue: true`, and a route whose children take nothing takes the alert
//! itself. A route without `receiver:` has its parent's.

use regex::Regex;

use super::{ShapeError, list_of};
use crate::source::Span;
use crate::yaml::Node;

const HELP: &str = "an Alertmanager configuration has a `route:` (with a `receiver:`, and `matchers:` and `routes:` below it) and the `receivers:` it names";

/// A matcher's operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

/// One label matcher of a route.
#[derive(Clone, Debug)]
pub struct Matcher {
    pub name: String,
    pub op: Op,
    pub value: String,
    /// For `=~` and `!~`: the value anchored at both ends.
    regex: Option<Regex>,
    /// Where it is written.
    pub span: Span,
}

impl Matcher {
    /// Whether the labels satisfy it (a missing label is the empty value).
    pub fn matches(&self, labels: &[(String, String)]) -> bool {
        let value = labels
            .iter()
            .find(|(name, _)| *name == self.name)
            .map_or("", |(_, value)| value.as_str());
        match (self.op, &self.regex) {
            (Op::Equal, _) => value == self.value,
            (Op::NotEqual, _) => value != self.value,
            (Op::Regex, Some(re)) => re.is_match(value),
            (Op::NotRegex, Some(re)) => !re.is_match(value),
            (Op::Regex | Op::NotRegex, None) => false,
        }
    }
}

impl std::fmt::Display for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let op = match self.op {
            Op::Equal => "=",
            Op::NotEqual => "!=",
            Op::Regex => "=~",
            Op::NotRegex => "!~",
        };
        write!(f, "{}{op}{:?}", self.name, self.value)
    }
}

/// One route of the tree.
#[derive(Clone, Debug)]
pub struct Route {
    /// The receiver it names, and where (none: its parent's).
    pub receiver: Option<(String, Span)>,
    pub matchers: Vec<Matcher>,
    pub continues: bool,
    /// Its child routes, as indices into [`Routing::routes`].
    pub children: Vec<usize>,
    /// Where the route is written.
    pub span: Span,
}

/// A receiver defined in `receivers:`.
#[derive(Clone, Debug)]
pub struct Receiver {
    pub name: String,
    pub span: Span,
}

/// A routing tree read from one configuration file.
#[derive(Clone, Debug)]
pub struct Routing {
    /// The routes, the root first.
    pub routes: Vec<Route>,
    pub receivers: Vec<Receiver>,
}

/// Where a label set is delivered: the receiver, and the routes from the root to the one
/// that took it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub receiver: String,
    pub chain: Vec<usize>,
}

impl Routing {
    /// Read an Alertmanager configuration.
    pub(crate) fn read(root: &Node) -> Result<Routing, ShapeError> {
        let route = root
            .get("route")
            .ok_or_else(|| shape("expected a `route:` at the top".into(), root.span))?;
        let mut routing = Routing {
            routes: Vec::new(),
            receivers: Vec::new(),
        };
        if let Some(receivers) = root.get("receivers") {
            for receiver in list_of(receivers, "receivers", HELP)? {
                let name = receiver
                    .get("name")
                    .ok_or_else(|| shape("expected the receiver's `name`".into(), receiver.span))?;
                let text = name.text().ok_or_else(|| {
                    shape("expected the receiver's name as text".into(), name.span)
                })?;
                routing.receivers.push(Receiver {
                    name: text.to_owned(),
                    span: name.span,
                });
            }
        }
        // The tree, read with an explicit stack: (node, parent index).
        let mut stack: Vec<(&Node, Option<usize>)> = vec![(route, None)];
        while let Some((node, parent)) = stack.pop() {
            let index = routing.routes.len();
            routing.routes.push(read_route(node)?);
            if let Some(parent) = parent {
                routing.routes[parent].children.push(index);
            }
            if let Some(children) = node.get("routes") {
                // Pushed in reverse, so children are numbered (and tried) in order.
                for child in list_of(children, "routes", HELP)?.iter().rev() {
                    stack.push((child, Some(index)));
                }
            }
        }
        // Children were numbered depth first; their order under each parent is the file's.
        for route in &mut routing.routes {
            route.children.sort_unstable();
        }
        if routing.routes[0].receiver.is_none() {
            return Err(shape(
                "the root route has no `receiver:` (Alertmanager requires a default receiver)"
                    .into(),
                routing.routes[0].span,
            ));
        }
        for route in &routing.routes {
            if let Some((name, span)) = &route.receiver
                && !routing.receivers.iter().any(|r| r.name == *name)
            {
                return Err(shape(
                    format!(
                        "the route names receiver `{name}`, which `receivers:` does not define"
                    ),
                    *span,
                ));
            }
        }
        Ok(routing)
    }

    /// Where Alertmanager delivers an alert with these labels.
    pub fn route(&self, labels: &[(String, String)]) -> Vec<Delivery> {
        let mut deliveries = Vec::new();
        let root = &self.routes[0];
        let receiver = root.receiver.as_ref().map_or("", |(r, _)| r.as_str());
        // The root matches every alert, whatever matchers it has (as in Alertmanager).
        self.deliver(0, receiver, &mut vec![0], labels, &mut deliveries);
        deliveries
    }

    /// Route below `index` (which matched), with the receiver in force there.
    fn deliver(
        &self,
        index: usize,
        receiver: &str,
        chain: &mut Vec<usize>,
        labels: &[(String, String)],
        out: &mut Vec<Delivery>,
    ) {
        let before = out.len();
        for &child in &self.routes[index].children {
            let route = &self.routes[child];
            if !route.matchers.iter().all(|m| m.matches(labels)) {
                continue;
            }
            let inherited = route
                .receiver
                .as_ref()
                .map_or(receiver, |(r, _)| r.as_str());
            chain.push(child);
            let taken = out.len();
            self.deliver(child, inherited, chain, labels, out);
            chain.pop();
            if out.len() > taken && !route.continues {
                break;
            }
        }
        if out.len() == before {
            out.push(Delivery {
                receiver: receiver.to_owned(),
                chain: chain.clone(),
            });
        }
    }
}

fn shape(message: String, span: Span) -> ShapeError {
    ShapeError {
        message,
        help: HELP,
        span,
    }
}

fn read_route(node: &Node) -> Result<Route, ShapeError> {
    if node.entries().is_none() {
        return Err(shape(
            format!("expected a route (a mapping), found {}", node.describe()),
            node.span,
        ));
    }
    let receiver = match node.get("receiver").filter(|r| !r.is_null()) {
        Some(r) => Some((
            r.text()
                .ok_or_else(|| shape("expected the receiver's name as text".into(), r.span))?
                .to_owned(),
            r.span,
        )),
        None => None,
    };
    let mut matchers = Vec::new();
    if let Some(list) = node.get("matchers") {
        for item in list_of(list, "matchers", HELP)? {
            let text = item
                .text()
                .ok_or_else(|| shape("expected a matcher as text".into(), item.span))?;
            matchers.extend(parse_matchers(text, item.span)?);
        }
    }
    for (key, op) in [("match", Op::Equal), ("match_re", Op::Regex)] {
        let Some(map) = node.get(key).filter(|m| !m.is_null()) else {
            continue;
        };
        let entries = map.entries().ok_or_else(|| {
            shape(
                format!("expected `{key}` to be a mapping, found {}", map.describe()),
                map.span,
            )
        })?;
        for entry in entries {
            let value = entry.value.text().ok_or_else(|| {
                shape(
                    format!("expected the value of `{}` as text", entry.key.text),
                    entry.value.span,
                )
            })?;
            matchers.push(matcher(
                entry.key.text.to_string(),
                op,
                value.to_owned(),
                entry.value.span,
            )?);
        }
    }
    let continues = match node.get("continue") {
        None => false,
        Some(c) => match c.text() {
            Some("true") => true,
            Some("false") => false,
            _ => {
                return Err(shape(
                    format!(
                        "expected `continue` to be true or false, found {}",
                        c.describe()
                    ),
                    c.span,
                ));
            }
        },
    };
    // A block mapping's span runs to the next item: point at the key that says what the
    // route matches (or its first key) instead.
    let entries = node.entries().unwrap_or_default();
    let span = entries
        .iter()
        .find(|e| matches!(e.key.text.as_str(), "matchers" | "match" | "match_re"))
        .or(entries.first())
        .map_or(node.span, |e| e.key.span);
    Ok(Route {
        receiver,
        matchers,
        continues,
        children: Vec::new(),
        span,
    })
}

fn matcher(name: String, op: Op, value: String, span: Span) -> Result<Matcher, ShapeError> {
    let regex = match op {
        Op::Regex | Op::NotRegex => Some(
            Regex::new(&format!("^(?:{value})$"))
                .map_err(|e| shape(format!("`{value}` is not a regular expression: {e}"), span))?,
        ),
        Op::Equal | Op::NotEqual => None,
    };
    Ok(Matcher {
        name,
        op,
        value,
        regex,
        span,
    })
}

/// The matchers of one `matchers:` entry: `name op value`, several separated by commas,
/// optionally in braces; values quoted (with `\"`, `\\` and `\n` escapes) or bare.
fn parse_matchers(text: &str, span: Span) -> Result<Vec<Matcher>, ShapeError> {
    let bad = |why: &str| shape(format!("`{text}` is not a matcher: {why}"), span);
    let mut rest = text.trim();
    if let Some(inner) = rest.strip_prefix('{') {
        rest = inner
            .strip_suffix('}')
            .ok_or_else(|| bad("`{` is not closed"))?
            .trim();
    }
    let mut matchers = Vec::new();
    while !rest.is_empty() {
        let name_end = rest
            .find(['=', '!'])
            .ok_or_else(|| bad("expected `=`, `!=`, `=~` or `!~`"))?;
        let name = rest[..name_end].trim();
        let name = name
            .strip_prefix('"')
            .and_then(|n| n.strip_suffix('"'))
            .unwrap_or(name);
        if name.is_empty() {
            return Err(bad("expected a label name"));
        }
        let after = &rest[name_end..];
        let (op, after) = if let Some(a) = after.strip_prefix("=~") {
            (Op::Regex, a)
        } else if let Some(a) = after.strip_prefix("!~") {
            (Op::NotRegex, a)
        } else if let Some(a) = after.strip_prefix("!=") {
            (Op::NotEqual, a)
        } else if let Some(a) = after.strip_prefix('=') {
            (Op::Equal, a)
        } else {
            return Err(bad("expected `=`, `!=`, `=~` or `!~`"));
        };
        let after = after.trim_start();
        let (value, remaining) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        end = Some(i + 1);
                        break;
                    }
                    '\\' => match chars.next() {
                        Some((_, 'n')) => value.push('\n'),
                        Some((_, escaped)) => value.push(escaped),
                        None => return Err(bad("a `\\` at the end")),
                    },
                    c => value.push(c),
                }
            }
            let end = end.ok_or_else(|| bad("a quote is not closed"))?;
            (value, &quoted[end..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim().to_owned(), &after[end..])
        };
        matchers.push(matcher(name.to_owned(), op, value, span)?);
        rest = remaining.trim_start();
        if let Some(next) = rest.strip_prefix(',') {
            rest = next.trim_start();
        } else if !rest.is_empty() {
            return Err(bad("expected `,` between matchers"));
        }
    }
    Ok(matchers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routing(text: &str) -> Routing {
        let node = crate::yaml::parse(text, crate::yaml::Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        Routing::read(&node).unwrap_or_else(|e| panic!("{}", e.message))
    }

    fn receivers(routing: &Routing, labels: &[(&str, &str)]) -> Vec<String> {
        let labels: Vec<(String, String)> = labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        routing
            .route(&labels)
            .into_iter()
            .map(|d| d.receiver)
            .collect()
    }

    const CONFIG: &str = "\
route:
  receiver: default
  routes:
    - matchers: ['team=\"db\"']
      receiver: db-pager
      routes:
        - matchers: [severity=critical]
          receiver: db-critical
    - match_re: { alertname: 'Kube.*' }
      receiver: k8s
      continue: true
    - matchers: ['alertname=~\"Kube.*|etcd.*\"', 'severity!=info']
      receiver: platform
    - matchers: ['{env=\"prod\", service!~\"test-.*\"}']
receivers:
  - name: default
  - name: db-pager
  - name: db-critical
  - name: k8s
  - name: platform
";

    #[test]
    fn routes_as_alertmanager_does() {
        let r = routing(CONFIG);
        assert_eq!(receivers(&r, &[("alertname", "X")]), ["default"]);
        assert_eq!(receivers(&r, &[("team", "db")]), ["db-pager"]);
        assert_eq!(
            receivers(&r, &[("team", "db"), ("severity", "critical")]),
            ["db-critical"]
        );
        // `continue: true` goes on to the next sibling.
        assert_eq!(
            receivers(&r, &[("alertname", "KubeNodeNotReady")]),
            ["k8s", "platform"]
        );
        // Anchored: `Kube.*` does not match `XKube`; a missing label is empty.
        assert_eq!(receivers(&r, &[("alertname", "XKube")]), ["default"]);
        assert_eq!(
            receivers(&r, &[("alertname", "etcdDown"), ("severity", "info")]),
            ["default"]
        );
        // A route without a receiver has its parent's.
        assert_eq!(receivers(&r, &[("env", "prod")]), ["default"]);
        assert_eq!(r.route(&[("env".into(), "prod".into())])[0].chain, [0, 5]);
    }

    #[test]
    fn bad_configurations_are_shape_errors() {
        for (text, says) in [
            ("receivers: []\n", "`route:`"),
            ("route: {}\nreceivers: []\n", "default receiver"),
            ("route: { receiver: x }\nreceivers: []\n", "does not define"),
            (
                "route: { receiver: a, routes: [{ matchers: ['a=~\"(\"'] }] }\nreceivers: [{ name: a }]\n",
                "regular expression",
            ),
            (
                "route: { receiver: a, routes: [{ matchers: ['nothing'] }] }\nreceivers: [{ name: a }]\n",
                "not a matcher",
            ),
        ] {
            let node = crate::yaml::parse(text, crate::yaml::Limits::default()).unwrap();
            let err = Routing::read(&node)
                .err()
                .map(|e| e.message)
                .unwrap_or_default();
            assert!(err.contains(says), "{text}: {err}");
        }
    }
}
