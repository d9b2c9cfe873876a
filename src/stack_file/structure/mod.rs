//! Reading a part of a stack file into its format type with every structural mistake in it
//! found, as a compiler reports every error of a file rather than the first.
//!
//! serde's derived `Deserialize` stops at the first error, so the part is read through
//! [`Node`], a deserializer over the parsed YAML value that answers the derived code's
//! requests itself: a value of the wrong type or an unknown variant is recorded and replaced
//! by a stand-in of the requested type ([`filler`]), an unknown field is recorded and
//! skipped (every struct of the format denies unknown fields), and reading goes on. The
//! format types stay the only description of the format: the field and variant names come
//! from what the derived code asks for. Two mistakes need
//! another pass over the part: a required field not given (the derived code says so only
//! after the mapping, and the field is then known to be required and filled in on the next
//! pass), and a value a type rejects on its own (an untagged enum such as a value that is a
//! literal or `{ ref: … }`), which the next pass leaves out. Each pass learns something, and
//! the passes are capped, so the time stays linear in the part.

mod access;
mod error;
mod filler;
mod hints;
mod node;
mod path;

use std::cell::RefCell;
use std::collections::BTreeSet;

use serde::de::DeserializeOwned;

use super::LoadProblemKind;

use error::Error;
use node::Node;
use path::Path;

/// At most this many passes over one part: each pass after the first learns a required
/// field or a value its type rejects, so a part with more of those than this has its first
/// few dozen reported, then a note that checking stopped.
const MAX_PASSES: usize = 32;

/// A structural mistake: where (a path in the file, at the key or at the value), what kind,
/// and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mistake {
    /// The path of the key or value, from the file's root.
    pub(super) path: Vec<String>,
    /// Whether the mistake is the key itself (an unknown field) rather than its value.
    pub(super) at_key: bool,
    /// The kind, which gives the printed code.
    pub(super) kind: LoadProblemKind,
    /// What is wrong, and what to write instead where that is known.
    pub(super) message: String,
}

/// A part, read: the value (with stand-ins where it had mistakes) and its mistakes.
pub(super) struct Read<T> {
    /// The value; `None` only when the part could not be read at all.
    pub(super) value: Option<T>,
    /// Every structural mistake in the part, in the order found.
    pub(super) mistakes: Vec<Mistake>,
}

/// A field the derived code reported missing: required in every mapping of that struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Required {
    structure: &'static str,
    fields: &'static [&'static str],
    field: &'static str,
}

/// What one pass learned that the next can use.
enum Learned {
    /// A required field.
    Required(Required),
    /// A value its type rejects, at this path: reported once, left out from then on.
    Rejected(Mistake),
}

/// The state of one pass over a part (what earlier passes learned is copied in: a few
/// entries at most).
struct Pass {
    required: Vec<Required>,
    left_out: BTreeSet<Vec<String>>,
    mistakes: Vec<Mistake>,
    learned: Vec<Learned>,
}

/// What the reader keeps from one part to the next: the required fields learned so far.
#[derive(Debug, Default)]
pub(super) struct Structure {
    required: Vec<Required>,
}

impl Structure {
    /// Reads `value`, found at `base` in the file, as a `T`, with every structural mistake.
    pub(super) fn read<T: DeserializeOwned>(
        &mut self,
        value: &serde_yaml::Value,
        base: &[String],
    ) -> Read<T> {
        let mut left_out = BTreeSet::new();
        let mut rejected = Vec::new();
        let mut passes = 0;
        loop {
            passes += 1;
            let pass = RefCell::new(Pass {
                required: self.required.clone(),
                left_out: left_out.clone(),
                mistakes: Vec::new(),
                learned: Vec::new(),
            });
            let root = Path::Base(base);
            let result = T::deserialize(Node::new(value, &root, &pass));
            let Pass {
                mut mistakes,
                learned,
                ..
            } = pass.into_inner();
            let progress = !learned.is_empty();
            let mut required = Vec::new();
            for l in learned {
                match l {
                    Learned::Required(r) => required.push(r),
                    Learned::Rejected(m) => {
                        left_out.insert(m.path.clone());
                        rejected.push(m);
                    }
                }
            }
            self.required.extend(required);
            let outcome = match result {
                Ok(t) => Some(Some(t)),
                // The whole part rejected by its type: nothing to leave out.
                Err(e @ (Error::Other(_) | Error::Missing(_))) => {
                    mistakes.push(error::rejected(value, base.to_vec(), &e.to_string()));
                    Some(None)
                }
                Err(Error::Abort) if !progress => Some(None),
                Err(Error::Abort) if passes >= MAX_PASSES => {
                    // Said where the last mistake found is, so that it is read after it.
                    let path = rejected
                        .last()
                        .map_or_else(|| base.to_vec(), |m| m.path.clone());
                    mistakes.push(Mistake {
                        path,
                        at_key: false,
                        kind: LoadProblemKind::CheckingStopped,
                        message: format!(
                            "checking of the rest of this part stopped here, after \
                             {MAX_PASSES} passes over it; fix the mistakes above and run again"
                        ),
                    });
                    Some(None)
                }
                Err(Error::Abort) => None,
            };
            if let Some(value) = outcome {
                rejected.append(&mut mistakes);
                return Read {
                    value,
                    mistakes: rejected,
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::stack_file::format::{ApiSpec, ValueSpec};

    fn read<T: DeserializeOwned>(yaml: &str) -> (Read<T>, Structure) {
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let mut structure = Structure::default();
        (structure.read::<T>(&value, &[]), structure)
    }

    fn kinds(mistakes: &[Mistake]) -> Vec<(String, LoadProblemKind)> {
        mistakes
            .iter()
            .map(|m| (m.path.join("."), m.kind))
            .collect()
    }

    #[test]
    fn every_mistake_of_a_mapping_is_found_in_one_read() {
        let (read, _) = read::<ApiSpec>(
            "endpoint: edg\nbinaryMediaTypes: 5\nnmae: shop\nroutes: {}\nstage: { tracing: on }\n",
        );
        // Unknown fields are found before the mapping is read (the loader sorts by position).
        assert_eq!(
            kinds(&read.mistakes),
            [
                ("nmae".to_owned(), LoadProblemKind::UnknownField),
                ("endpoint".to_owned(), LoadProblemKind::UnknownVariant),
                ("binaryMediaTypes".to_owned(), LoadProblemKind::InvalidValue),
                ("stage".to_owned(), LoadProblemKind::MissingField),
                ("stage.tracing".to_owned(), LoadProblemKind::InvalidValue),
            ]
        );
        assert!(read.value.is_some(), "read on with stand-ins");
    }

    #[test]
    fn a_required_field_is_learned_once_and_reported_wherever_it_is_missing() {
        let (read, structure) = read::<BTreeMap<String, ApiSpec>>(
            "a: { routes: {} }\nb: { routes: {} }\nc: { name: x, routes: {} }\n",
        );
        assert_eq!(
            kinds(&read.mistakes),
            [
                ("a".to_owned(), LoadProblemKind::MissingField),
                ("b".to_owned(), LoadProblemKind::MissingField),
            ]
        );
        assert_eq!(structure.required.len(), 1);
    }

    #[test]
    fn a_value_its_type_rejects_is_reported_once_and_the_rest_still_read() {
        let (read, _) =
            read::<BTreeMap<String, ValueSpec>>("a: { Ref: P }\nb: fine\nc: [1]\nd: { ref: P }\n");
        assert_eq!(
            kinds(&read.mistakes),
            [
                ("a".to_owned(), LoadProblemKind::InvalidValue),
                ("c".to_owned(), LoadProblemKind::InvalidValue),
            ]
        );
        assert!(
            read.mistakes[0]
                .message
                .contains("with `ref` in lower case")
        );
    }

    #[test]
    fn a_stand_in_for_a_type_holding_itself_ends() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum Nest {
            Deeper(Box<Nest>),
            Leaf,
        }
        let (read, _) = read::<Nest>("5\n");
        assert!(read.value.is_none());
        assert_eq!(
            kinds(&read.mistakes),
            [(String::new(), LoadProblemKind::InvalidValue)]
        );
    }

    #[test]
    fn checking_stops_after_the_pass_limit_and_says_so() {
        let yaml: String = (0..MAX_PASSES + 5)
            .map(|i| format!("o{i:02}: {{ Ref: P }}\n"))
            .collect();
        let (read, _) = read::<BTreeMap<String, ValueSpec>>(&yaml);
        let last = read.mistakes.last().unwrap();
        assert_eq!(last.kind, LoadProblemKind::CheckingStopped);
        // One rejected value found per pass, then the note.
        assert_eq!(read.mistakes.len(), MAX_PASSES + 1);
        assert_eq!(last.path, [format!("o{:02}", MAX_PASSES - 1)]);
    }
}
