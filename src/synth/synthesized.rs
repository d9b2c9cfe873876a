//! A stack synthesized into the files `synth` writes: one template, or a parent with nested
//! templates when the stack is over CloudFormation's per-template limits; each measured.

use crate::api::Stack;
use crate::budget::{
    self, MAX_RESOURCES, MAX_TEMPLATE_BYTES, Note, PolicyEstimate, StageSummary, TemplateBudget,
    Warning,
};
use crate::cfn::Template;
use crate::error::{Problem, ProblemKind, SynthError};
use crate::render::{Format, json_spliced, render};

use super::secure_by_default::{self, Exposure};
use super::split::{self, Caps};

/// Room left in a nested template's byte budget for its parameters and outputs.
const NESTED_BYTES_HEADROOM: usize = 100_000;

/// One file of a synthesized stack.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthFile {
    /// The path inside the output directory: `<stack>.template.json`, or
    /// `<stack>/<name>.template.json` for the templates of a split stack.
    pub path: String,
    /// The rendered file (the template itself is dropped once rendered: a split stack's
    /// model is several times the size of its text).
    pub contents: String,
    /// What the template uses of CloudFormation's limits.
    pub budget: TemplateBudget,
}

/// A synthesized stack: its files (the one to deploy first), the estimated Lambda policy
/// sizes and the warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthesized {
    /// The stack's name.
    pub stack: String,
    /// The template to deploy, then (for a split stack) the nested templates in API order.
    pub files: Vec<SynthFile>,
    /// The resource-policy estimate of each Lambda function the stack invokes.
    pub policies: Vec<PolicyEstimate>,
    /// Things to know that don't fail synth (printed to stderr by the CLI).
    pub warnings: Vec<Warning>,
    /// What the deployer should know (printed to stderr as notes by the CLI).
    pub notes: Vec<Note>,
    /// Each stage's settings at a glance.
    pub stages: Vec<StageSummary>,
}

impl Synthesized {
    /// True when the stack was split into a parent and nested stacks.
    pub fn is_nested(&self) -> bool {
        self.files.len() > 1
    }
}

/// Synthesizes `stack` into the files of `format`, splitting it into nested stacks when one
/// template would exceed 500 resources or 1 MB, and checks every file's budget.
pub fn synthesize_stack(stack: &Stack, format: Format) -> Result<Synthesized, SynthError> {
    let mut flat = super::flat(stack)?;
    let stages = super::stage::summary(stack, &flat.template);
    let exposure = Exposure::of(&flat.api);
    let keys_nothing_gives = super::usage_plans::keys_nothing_gives(stack, &flat.api);
    let fragments = std::mem::take(&mut flat.fragments);
    let ext = format.extension();
    let single = flat.template.resources.len() <= MAX_RESOURCES;
    let contents = single.then(|| {
        let texts = |i: usize| Some(fragments.text(&flat.placed[i].fragment));
        render_spliced(&flat.template, format, texts)
    });
    let (files, policies) = match contents {
        Some(contents) if contents.len() <= MAX_TEMPLATE_BYTES => {
            let single = [(stack.name.as_str(), &flat.template)];
            secure(&stack.name, &exposure, &single)?;
            let policies = budget::estimate_policies(&stack.name, [&flat.template]);
            let path = format!("{}.template.{ext}", stack.name);
            (vec![file(path, &flat.template, contents)], policies)
        }
        _ => {
            let caps = Caps {
                resources: MAX_RESOURCES,
                bytes: MAX_TEMPLATE_BYTES - NESTED_BYTES_HEADROOM,
            };
            let parts = split::split(&stack.name, flat, ext, caps);
            let named: Vec<(&str, &Template)> = parts
                .iter()
                .map(|p| (p.name.as_str(), &p.template))
                .collect();
            secure(&stack.name, &exposure, &named)?;
            let policies =
                budget::estimate_policies(&stack.name, parts.iter().map(|p| &p.template));
            // Each template is rendered, measured and dropped in turn; the result keeps only
            // the texts.
            let files = parts
                .into_iter()
                .map(|part| {
                    let texts = |i: usize| part.texts[i].as_ref().map(|f| fragments.text(f));
                    let contents = render_spliced(&part.template, format, texts);
                    let path = format!("{}/{}.template.{ext}", stack.name, part.name);
                    file(path, &part.template, contents)
                })
                .collect();
            (files, policies)
        }
    };

    let mut kinds: Vec<ProblemKind> = files
        .iter()
        .flat_map(|f| budget::check_template(&f.path, &f.budget))
        .collect();
    kinds.extend(policies.iter().filter_map(budget::check_policy));
    if !kinds.is_empty() {
        return Err(SynthError {
            problems: kinds
                .into_iter()
                .map(|kind| Problem {
                    stack: stack.name.clone(),
                    path: None,
                    method: None,
                    kind,
                })
                .collect(),
        });
    }

    let mut warnings = Vec::new();
    if files.len() > 1 {
        warnings.push(Warning::Nested {
            stack: stack.name.clone(),
            file: files[0].path.clone(),
            nested: files.len() - 1,
        });
    } else if files[0].budget.bytes > budget::MAX_INLINE_BYTES {
        warnings.push(Warning::NeedsS3Bucket {
            stack: stack.name.clone(),
            file: files[0].path.clone(),
            bytes: files[0].budget.bytes,
        });
    }
    let (stage_warnings, notes) = super::stage::warnings(stack);
    warnings.extend(stage_warnings);
    warnings.extend(keys_nothing_gives);
    Ok(Synthesized {
        stack: stack.name.clone(),
        files,
        policies,
        warnings,
        notes,
        stages,
    })
}

/// The models of the templates `stack` is split into, the parent first, when a nested
/// template may hold at most `resources` resources (split even when the stack would fit one
/// template).
pub(crate) fn split_templates(
    stack: &Stack,
    resources: usize,
) -> Result<Vec<Template>, SynthError> {
    let caps = Caps {
        resources,
        bytes: MAX_TEMPLATE_BYTES - NESTED_BYTES_HEADROOM,
    };
    let flat = super::flat(stack)?;
    let exposure = Exposure::of(&flat.api);
    let parts = split::split(&stack.name, flat, Format::Json.extension(), caps);
    let named: Vec<(&str, &Template)> = parts
        .iter()
        .map(|p| (p.name.as_str(), &p.template))
        .collect();
    secure(&stack.name, &exposure, &named)?;
    Ok(parts.into_iter().map(|part| part.template).collect())
}

/// The secure-by-default rule on the final `templates` of `stack` (the parent first).
fn secure(
    stack: &str,
    exposure: &Exposure<'_>,
    templates: &[(&str, &Template)],
) -> Result<(), SynthError> {
    let problems = secure_by_default::check(stack, exposure, templates);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(SynthError { problems })
    }
}

/// Renders `template`: JSON splices in the text each resource was rendered to when it was
/// emitted (`texts(i)` for the resource at position `i`, where it has one); YAML is
/// rendered from the model.
fn render_spliced<'t>(
    template: &Template,
    format: Format,
    texts: impl FnMut(usize) -> Option<&'t str>,
) -> String {
    match format {
        Format::Json => json_spliced(template, texts),
        Format::Yaml => render(template, format),
    }
}

fn file(path: String, template: &Template, mut contents: String) -> SynthFile {
    // Rendering grows the text by doubling (the split stack's texts are already exact).
    contents.shrink_to_fit();
    let budget = TemplateBudget::measure(template, &contents);
    SynthFile {
        path,
        contents,
        budget,
    }
}

/// [`synthesize_stack`] for every stack; fails with the problems of all of them (including
/// duplicate stack names) when any has one.
pub fn synthesize_stacks(stacks: &[Stack], format: Format) -> Result<Vec<Synthesized>, SynthError> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen = super::names::StackNames::default();
    for stack in stacks {
        if let Some(kind) = seen.add(&stack.name) {
            problems.push(Problem {
                stack: stack.name.clone(),
                path: None,
                method: None,
                kind,
            });
            continue;
        }
        match synthesize_stack(stack, format) {
            Ok(s) => out.push(s),
            Err(e) => problems.extend(e.problems),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(SynthError { problems })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::stack_file;
    use crate::testing::generated_stack_file;

    /// Every file of a split stack, rendered without the emitted texts: the whole model
    /// serialized, as `render` does.
    fn rendered_from_the_model(stack: &Stack) -> Vec<String> {
        let caps = Caps {
            resources: MAX_RESOURCES,
            bytes: MAX_TEMPLATE_BYTES - NESTED_BYTES_HEADROOM,
        };
        let flat = super::super::flat(stack).unwrap();
        split::split(&stack.name, flat, "json", caps)
            .iter()
            .map(|part| render(&part.template, Format::Json))
            .collect()
    }

    #[test]
    fn spliced_texts_match_the_whole_model_serialized_including_what_the_split_rewrote() {
        let text = generated_stack_file("spliced", 300, 5);
        let loaded = stack_file::load_str(Path::new("spliced.yaml"), &text).unwrap();
        let synthesized = synthesize_stack(loaded.stack(), Format::Json).unwrap();
        let files: Vec<String> = synthesized.files.into_iter().map(|f| f.contents).collect();
        let expected = rendered_from_the_model(loaded.stack());
        assert!(files.len() > 2, "the stack is split");
        // Nested stacks read the root resource id through a parameter: a rewritten
        // resource, which the emitted text no longer matches.
        assert!(
            files[1..]
                .iter()
                .any(|f| f.contains("RestApiRootResourceId"))
        );
        assert_eq!(files, expected);
    }
}
