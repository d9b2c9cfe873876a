//! Where each key and value of a stack file is: a second pass over the text with a YAML event
//! parser (JSON files included, JSON being YAML), since serde's values carry no positions.

use std::collections::{BTreeMap, BTreeSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A position in a file, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
}

/// The position of a key and of its value.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    key: Option<Position>,
    value: Option<Position>,
}

/// A key that a mapping holds twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DuplicateKey {
    pub(crate) path: Vec<String>,
    pub(crate) key: String,
    pub(crate) at: Position,
}

/// The positions of every key and value, by path (`["api", "routes", "/products", "GET"]`):
/// a tree with one node per path, so that indexing a file of thousands of routes stays
/// linear (no path is copied per node, no lookup compares whole paths).
#[derive(Debug, Clone)]
pub(crate) struct Spans {
    /// Node 0 is the document.
    nodes: Vec<Node>,
    pub(crate) duplicates: Vec<DuplicateKey>,
    /// The YAML tags (`!Ref`, …) written, where and as written; stack files have none.
    pub(crate) tags: Vec<(Position, String)>,
    /// Where the first alias (`*name`) is written, when the text has one.
    pub(crate) first_alias: Option<Position>,
    /// Where a second YAML document starts, when the text has one.
    pub(crate) second_document: Option<Position>,
    /// Each key or value that holds a control character (escaped in the file, as `"\e"`
    /// or `"\u001b"`), where it is written: synth refuses such text, and names the text,
    /// not its place in the file.
    pub(crate) controls: Vec<(Position, String)>,
}

/// How deep mappings and sequences may nest in a stack file. The format itself needs about
/// eight levels; the limit keeps hostile input from exhausting the stack or the time.
pub(super) const MAX_NESTING: usize = 64;

/// Why a text could not be indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unindexed {
    /// Nested deeper than [`MAX_NESTING`]: where the first too-deep collection starts.
    TooDeep(Position),
    /// The event parser's syntax error, for texts it rejects (serde's parser may accept
    /// some of them; problems found later would then have no position).
    Syntax(Position, String),
}

#[derive(Debug, Clone, Default)]
struct Node {
    entry: Entry,
    children: Children,
}

/// A node's children by key. Most nodes (a route's methods, a method's fields) have a few: a
/// short list is searched in place; a node with many (the routes) gets a map, so that
/// indexing thousands of routes stays linear without a map per small node.
#[derive(Debug, Clone)]
enum Children {
    Few(Vec<(Box<str>, usize)>),
    Many(BTreeMap<Box<str>, usize>),
}

/// Up to this many children, a node keeps them in a list.
const FEW_CHILDREN: usize = 8;

impl Default for Children {
    fn default() -> Self {
        Children::Few(Vec::new())
    }
}

impl Children {
    fn get(&self, segment: &str) -> Option<&usize> {
        match self {
            Children::Few(list) => list.iter().find(|(k, _)| &**k == segment).map(|(_, v)| v),
            Children::Many(map) => map.get(segment),
        }
    }

    fn insert(&mut self, segment: &str, node: usize) {
        match self {
            Children::Few(list) if list.len() < FEW_CHILDREN => list.push((segment.into(), node)),
            Children::Few(list) => {
                let mut map: BTreeMap<Box<str>, usize> = std::mem::take(list).into_iter().collect();
                map.insert(segment.into(), node);
                *self = Children::Many(map);
            }
            Children::Many(map) => {
                map.insert(segment.into(), node);
            }
        }
    }
}

impl Default for Spans {
    fn default() -> Self {
        Spans {
            nodes: vec![Node::default()],
            duplicates: Vec::new(),
            tags: Vec::new(),
            first_alias: None,
            second_document: None,
            controls: Vec::new(),
        }
    }
}

impl Spans {
    /// Indexes `text`, or says why it can't. Events are pulled one at a time, so a text
    /// nested deeper than [`MAX_NESTING`] stops the index there, before any recursion.
    pub(crate) fn index(text: &str) -> Result<Spans, Unindexed> {
        let mut builder = Builder::default();
        let second_document = stream(text, MAX_NESTING, &mut builder)?;
        builder.spans.second_document = second_document;
        Ok(builder.spans)
    }

    fn entry(&self, path: &[String]) -> Option<&Entry> {
        let mut node = 0;
        for segment in path {
            node = *self.nodes[node].children.get(segment)?;
        }
        Some(&self.nodes[node].entry)
    }

    /// Where the key at `path` is written.
    pub(crate) fn key(&self, path: &[String]) -> Option<Position> {
        self.entry(path).and_then(|e| e.key.or(e.value))
    }

    /// Where the value at `path` starts.
    pub(crate) fn value(&self, path: &[String]) -> Option<Position> {
        self.entry(path).and_then(|e| e.value.or(e.key))
    }

    /// The nearest position at `path` or above it.
    pub(crate) fn nearest(&self, path: &[String]) -> Option<Position> {
        (0..=path.len()).rev().find_map(|n| self.value(&path[..n]))
    }

    /// The node for `segment` under `parent`, created if missing.
    fn child(&mut self, parent: usize, segment: &str) -> usize {
        if let Some(&node) = self.nodes[parent].children.get(segment) {
            return node;
        }
        let node = self.nodes.len();
        self.nodes.push(Node::default());
        self.nodes[parent].children.insert(segment, node);
        node
    }
}

/// Pulls the events of `text`'s first document one at a time into `receiver`; stops with
/// [`Unindexed::TooDeep`] at the first mapping or sequence nested deeper than `max`, before
/// any recursion, so hostile nesting costs time linear in the text. Returns where a second
/// document starts, if the text has one.
pub(crate) fn stream(
    text: &str,
    max: usize,
    receiver: &mut impl MarkedEventReceiver,
) -> Result<Option<Position>, Unindexed> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // The scanner's own limit on flow nesting (`[[[…`): stop here too, since
            // serde's parser takes quadratic time to reach its limit on such input.
            Err(e) if e.info().contains("recursion limit") => {
                return Err(Unindexed::TooDeep(position(*e.marker())));
            }
            Err(e) => {
                return Err(Unindexed::Syntax(
                    position(*e.marker()),
                    e.info().to_owned(),
                ));
            }
        };
        match event {
            Event::StreamEnd => return Ok(None),
            // One document only: serde's parser reports a second; note where it starts.
            Event::DocumentEnd if depth == 0 => {
                if let Ok((Event::DocumentStart, mark)) = parser.next_token() {
                    return Ok(Some(position(mark)));
                }
                return Ok(None);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) if depth >= max => {
                return Err(Unindexed::TooDeep(position(mark)));
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        receiver.on_event(event, mark);
    }
}

fn position(mark: Marker) -> Position {
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

/// An open mapping or sequence: its node, and its own segment of the path (to name the
/// path of a duplicate key).
struct Frame {
    node: usize,
    segment: Option<String>,
    kind: FrameKind,
}

enum FrameKind {
    /// The key whose value comes next, if any, and the nodes of the keys so far (a set: a
    /// mapping may hold thousands of routes).
    Mapping {
        key: Option<String>,
        seen: BTreeSet<usize>,
    },
    /// The index of the next item.
    Sequence { index: usize },
}

#[derive(Default)]
struct Builder {
    spans: Spans,
    frames: Vec<Frame>,
}

impl Builder {
    /// A node starts at `mark`: record it as the value of its parent's current slot and
    /// return its node and path segment; or, for a mapping key, record the key and return
    /// `None`.
    fn node(&mut self, mark: Marker, key_text: Option<&str>) -> Option<(usize, Option<String>)> {
        let at = position(mark);
        let Some(frame) = self.frames.last_mut() else {
            self.spans.nodes[0].entry.value = Some(at);
            return Some((0, None));
        };
        let parent = frame.node;
        match &mut frame.kind {
            FrameKind::Sequence { index } => {
                let segment = index.to_string();
                *index += 1;
                let node = self.spans.child(parent, &segment);
                self.spans.nodes[node].entry.value = Some(at);
                Some((node, Some(segment)))
            }
            FrameKind::Mapping { key, seen } => match key.take() {
                None => {
                    // A key. Complex keys (mappings, sequences) are indexed as `?`.
                    let name = key_text.unwrap_or("?").to_owned();
                    let node = self.spans.child(parent, &name);
                    let repeated = !seen.insert(node);
                    let entry = &mut self.spans.nodes[node].entry;
                    if repeated {
                        let path = self
                            .frames
                            .iter()
                            .filter_map(|f| f.segment.clone())
                            .collect();
                        self.spans.duplicates.push(DuplicateKey {
                            path,
                            key: name.clone(),
                            at,
                        });
                    } else {
                        entry.key = Some(at);
                    }
                    if let Some(FrameKind::Mapping { key, .. }) =
                        self.frames.last_mut().map(|f| &mut f.kind)
                    {
                        *key = Some(name);
                    }
                    None
                }
                Some(name) => {
                    let node = self.spans.child(parent, &name);
                    self.spans.nodes[node].entry.value.get_or_insert(at);
                    Some((node, Some(name)))
                }
            },
        }
    }

    /// A mapping or sequence starts at `mark`.
    fn open(&mut self, mark: Marker, kind: FrameKind) {
        let (node, segment) = self.node(mark, None).unwrap_or_else(|| {
            let question = "?".to_owned();
            (self.spans.child(0, &question), Some(question))
        });
        self.frames.push(Frame {
            node,
            segment,
            kind,
        });
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if let Event::Scalar(_, _, _, Some(tag))
        | Event::MappingStart(_, Some(tag))
        | Event::SequenceStart(_, Some(tag)) = &event
        {
            let written = format!("{}{}", tag.handle, tag.suffix);
            self.spans.tags.push((position(mark), written));
        }
        match event {
            Event::Scalar(text, ..) => {
                if text.chars().any(char::is_control) {
                    self.spans.controls.push((position(mark), text.clone()));
                }
                self.node(mark, Some(&text));
            }
            Event::Alias(_) => {
                self.spans.first_alias.get_or_insert(position(mark));
                self.node(mark, None);
            }
            Event::MappingStart(..) => self.open(
                mark,
                FrameKind::Mapping {
                    key: None,
                    seen: BTreeSet::new(),
                },
            ),
            Event::SequenceStart(..) => self.open(mark, FrameKind::Sequence { index: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn yaml_keys_and_values_are_located_one_based() {
        let spans = Spans::index("api:\n  routes:\n    /a:\n      GET: { lambda: f }\n").unwrap();
        let get = path(&["api", "routes", "/a", "GET"]);
        assert_eq!(spans.key(&get), Some(Position { line: 4, column: 7 }));
        assert_eq!(
            spans.value(&get),
            Some(Position {
                line: 4,
                column: 12
            })
        );
    }

    #[test]
    fn json_keys_are_located_too() {
        let spans = Spans::index("{\n  \"api\": {\n    \"name\": \"x\"\n  }\n}\n").unwrap();
        let name = path(&["api", "name"]);
        assert_eq!(spans.key(&name), Some(Position { line: 3, column: 5 }));
    }

    #[test]
    fn sequence_items_are_indexed_by_position() {
        let spans = Spans::index("a:\n  - x\n  - y\n").unwrap();
        assert_eq!(
            spans.value(&path(&["a", "1"])),
            Some(Position { line: 3, column: 5 })
        );
    }

    #[test]
    fn a_key_given_twice_is_reported_where_it_repeats() {
        let spans = Spans::index("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(
            spans.duplicates,
            vec![DuplicateKey {
                path: Vec::new(),
                key: "a".to_owned(),
                at: Position { line: 3, column: 1 },
            }]
        );
    }

    #[test]
    fn nesting_past_the_limit_stops_the_index_where_it_starts() {
        let text = format!(
            "a: {}{}\n",
            "[".repeat(MAX_NESTING + 10),
            "]".repeat(MAX_NESTING + 10)
        );
        let Err(Unindexed::TooDeep(at)) = Spans::index(&text) else {
            panic!("indexed past the limit");
        };
        // The mapping holding `a` is the first collection, so the first one too many, the
        // 65th, is the 64th `[`, at column 3 + 64.
        assert_eq!(
            at,
            Position {
                line: 1,
                column: 3 + MAX_NESTING
            }
        );
    }

    #[test]
    fn nesting_up_to_the_limit_is_indexed() {
        let depth = MAX_NESTING - 1;
        let text = format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        assert!(Spans::index(&text).is_ok());
    }
}
