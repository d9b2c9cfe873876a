//! The secure-by-default rule, checked on the templates themselves: the only methods a
//! template may leave without authorization are the CORS preflights synth generated (MOCK)
//! and the methods the stack marked public. It runs on the final templates, after every
//! pass and after the nested-stack split (on every part), and reads what they say, not what
//! the builders meant: whatever puts a method into a template (a pass, an override, a raw
//! resource, an imported API) answers to it. A method it can't place is refused.
//!
//! The files are spliced from each resource's text as it was emitted (see `fragments`):
//! the same resources the check reads. A pass that changes a resource after it was emitted
//! must drop its text, as the split does, so that the file says what was checked.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::HttpMethod;
use crate::cfn::{Properties, Template, apigateway};
use crate::error::{Problem, ProblemKind};

use super::resolve::ResolvedApi;

mod places;

use places::Places;

/// The authorization types that authenticate a caller. Any other value (`NONE`, empty,
/// unknown) leaves the method open.
const AUTHENTICATED: [&str; 3] = ["AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"];

/// What the stack allows to be called without authorization: the methods it marked public
/// and the resources synth generates a CORS preflight on, over the API's resources as
/// resolved (by parent and part, so a template's resources are matched without building
/// their paths).
#[derive(Debug, Clone)]
pub(crate) struct Exposure<'a> {
    /// Each resource's parent and part; index 0 is the root.
    nodes: Vec<(Option<usize>, &'a str)>,
    /// Each resource by its parent and part.
    pub(super) children: BTreeMap<(usize, &'a str), usize>,
    /// The methods marked public, by resource.
    public: BTreeSet<(usize, HttpMethod)>,
    /// The resources with a generated preflight.
    preflights: BTreeSet<usize>,
}

impl<'a> Exposure<'a> {
    /// What `api` allows: its methods marked public (as the stack wrote them) and its
    /// preflights.
    pub(crate) fn of(api: &ResolvedApi<'a>) -> Self {
        let mut exposure = Exposure {
            nodes: Vec::with_capacity(api.resources.len()),
            children: BTreeMap::new(),
            public: BTreeSet::new(),
            preflights: BTreeSet::new(),
        };
        for (index, r) in api.resources.iter().enumerate() {
            exposure.nodes.push((r.parent, r.part));
            if let Some(parent) = r.parent {
                exposure.children.insert((parent, r.part), index);
            }
            for m in r.methods.iter().filter(|m| m.marked_public) {
                exposure.public.insert((index, m.verb));
            }
            if r.has_preflight() {
                exposure.preflights.insert(index);
            }
        }
        exposure
    }

    /// The path of resource `index`, for a message.
    fn path(&self, index: usize) -> String {
        let mut parts = Vec::new();
        let mut at = Some(index);
        while let Some((parent, part)) = at.and_then(|i| self.nodes.get(i)) {
            if parent.is_some() {
                parts.push(*part);
            }
            at = *parent;
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }
}

/// Every method of `templates` (the parent or only template first, then the nested ones,
/// each with its file stem, which is its nested stack's logical id in the parent) left
/// without authorization that `exposure` does not allow, as problems of `stack`.
pub(crate) fn check(
    stack: &str,
    exposure: &Exposure<'_>,
    templates: &[(&str, &Template)],
) -> Vec<Problem> {
    let mut places = Places::new(exposure, templates);
    let mut problems = Vec::new();
    for (t, (_, template)) in templates.iter().enumerate() {
        for (id, resource) in &template.resources {
            // Every resource type is named, so that a new one (a raw resource, say) is a
            // compile error here until it is decided whether it can open a method.
            let method = match &resource.properties {
                Properties::Method(m) => m,
                Properties::RestApi(_)
                | Properties::ApiResource(_)
                | Properties::Authorizer(_)
                | Properties::Deployment(_)
                | Properties::Stage(_)
                | Properties::GatewayResponse(_)
                | Properties::Permission(_)
                | Properties::UserPool(_)
                | Properties::UserPoolClient(_)
                | Properties::NestedStack(_)
                // Logging, the account's role, and custom domains with their mappings,
                // records and web ACLs: they reach or guard methods, never open one (a
                // domain serves each method with the authorization it has).
                | Properties::Account(_)
                | Properties::LogGroup(_)
                | Properties::Role(_)
                | Properties::DomainName(_)
                | Properties::BasePathMapping(_)
                | Properties::RecordSet(_)
                | Properties::WebAclAssociation(_) => continue,
            };
            if AUTHENTICATED.contains(&method.authorization_type.as_ref()) {
                continue;
            }
            let node = places.node(t, &method.resource_id);
            let verb = method.http_method.parse::<HttpMethod>().ok();
            if let (Some(node), Some(verb)) = (node, verb)
                && allowed(exposure, node, verb, method)
            {
                continue;
            }
            problems.push(Problem {
                stack: stack.to_owned(),
                path: node.map(|n| exposure.path(n)),
                method: Some(method.http_method.to_string()),
                kind: ProblemKind::UnauthenticatedMethod(id.to_string()),
            });
        }
    }
    problems
}

/// Whether `method`, a `verb` on resource `node` without authorization, is one the stack
/// allows: marked public, or the generated preflight (OPTIONS, MOCK, no backend).
fn allowed(
    exposure: &Exposure<'_>,
    node: usize,
    verb: HttpMethod,
    method: &apigateway::Method,
) -> bool {
    let preflight = verb == HttpMethod::Options
        && exposure.preflights.contains(&node)
        && method.integration.kind == "MOCK"
        && method.integration.uri.is_none();
    preflight || exposure.public.contains(&(node, verb))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{
        CognitoUserPoolsAuthorizer, Cors, Integration, Method, Parameter, RestApi, Stack, UserPool,
    };
    use crate::cfn::{Expr, LogicalId, Text};
    use crate::synth::flat;
    use crate::synth::split::{self, Caps};

    fn stack() -> Stack {
        let users =
            CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_parameter("Pool"));
        let api = RestApi::new("shop")
            .default_authorizer(users)
            .default_cors(Cors::new())
            .route("/health", Method::get(Integration::mock()).public())
            .route("/items", Method::get(Integration::lambda("list-items")))
            .route("/items/{id}", Method::put(Integration::lambda("put-item")))
            .route(
                "/admin/users",
                Method::delete(Integration::lambda("drop-user")),
            );
        Stack::new("shop", api).parameter(Parameter::string("Pool"))
    }

    /// The id and model of the `verb` method whose logical id names `readable`.
    fn method_mut<'t>(
        template: &'t mut Template,
        readable: &str,
        verb: &str,
    ) -> (LogicalId, &'t mut apigateway::Method) {
        template
            .resources
            .iter_mut()
            .find_map(|(id, r)| match &mut r.properties {
                Properties::Method(m)
                    if id.as_str().starts_with(readable) && m.http_method == verb =>
                {
                    Some((id.clone(), m.as_mut()))
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no {verb} {readable}"))
    }

    fn codes_and_places(problems: &[Problem]) -> Vec<(String, Option<String>, Option<String>)> {
        problems
            .iter()
            .map(|p| (p.kind.code().to_owned(), p.path.clone(), p.method.clone()))
            .collect()
    }

    #[test]
    fn a_synthesized_template_keeps_the_rule() {
        let stack = stack();
        let flat = flat(&stack).unwrap();
        let exposure = Exposure::of(&flat.api);
        assert_eq!(check("shop", &exposure, &[("shop", &flat.template)]), []);
    }

    #[test]
    fn a_method_made_none_after_emission_is_refused_with_its_place() {
        let stack = stack();
        let mut flat = flat(&stack).unwrap();
        let exposure = Exposure::of(&flat.api);
        let (id, m) = method_mut(&mut flat.template, "MethodItemsId", "PUT");
        m.authorization_type = Text::Borrowed("NONE");
        m.authorizer_id = None;
        let problems = check("shop", &exposure, &[("shop", &flat.template)]);
        assert_eq!(
            codes_and_places(&problems),
            [(
                "unauthenticated-method".to_owned(),
                Some("/items/{id}".to_owned()),
                Some("PUT".to_owned())
            )]
        );
        assert!(
            problems[0].to_string().contains(id.as_str()),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn an_authorization_type_left_empty_or_unknown_counts_as_none() {
        for kind in ["", "none", "OPEN"] {
            let stack = stack();
            let mut flat = flat(&stack).unwrap();
            let exposure = Exposure::of(&flat.api);
            let (_, m) = method_mut(&mut flat.template, "MethodItems", "GET");
            m.authorization_type = Text::Owned(kind.to_owned());
            let problems = check("shop", &exposure, &[("shop", &flat.template)]);
            assert_eq!(problems.len(), 1, "{kind:?}");
        }
    }

    #[test]
    fn a_public_method_moved_to_another_resource_is_refused() {
        let stack = stack();
        let mut flat = flat(&stack).unwrap();
        let exposure = Exposure::of(&flat.api);
        let (_, admin) = method_mut(&mut flat.template, "MethodAdminUsers", "DELETE");
        let admin_resource = admin.resource_id.clone();
        let (_, health) = method_mut(&mut flat.template, "MethodHealth", "GET");
        health.resource_id = admin_resource;
        let problems = check("shop", &exposure, &[("shop", &flat.template)]);
        assert_eq!(
            codes_and_places(&problems),
            [(
                "unauthenticated-method".to_owned(),
                Some("/admin/users".to_owned()),
                Some("GET".to_owned())
            )]
        );
    }

    #[test]
    fn a_preflight_given_a_backend_is_refused() {
        let stack = stack();
        let mut flat = flat(&stack).unwrap();
        let exposure = Exposure::of(&flat.api);
        let (_, get) = method_mut(&mut flat.template, "MethodItemsGET", "GET");
        let lambda = get.integration.clone();
        let (_, preflight) = method_mut(&mut flat.template, "MethodItemsOPTIONS", "OPTIONS");
        preflight.integration = lambda;
        let problems = check("shop", &exposure, &[("shop", &flat.template)]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].method.as_deref(), Some("OPTIONS"));
    }

    #[test]
    fn a_method_on_a_resource_the_stack_does_not_have_is_refused_without_a_path() {
        let stack = stack();
        let mut flat = flat(&stack).unwrap();
        let exposure = Exposure::of(&flat.api);
        let (_, m) = method_mut(&mut flat.template, "MethodHealth", "GET");
        m.resource_id = Expr::literal("abc123");
        let problems = check("shop", &exposure, &[("shop", &flat.template)]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, None);
    }

    #[test]
    fn every_part_of_a_split_stack_is_checked_across_templates() {
        let stack = stack();
        let flat = flat(&stack).unwrap();
        let exposure = Exposure::of(&flat.api);
        let caps = Caps {
            resources: 3,
            bytes: usize::MAX,
        };
        let mut parts = split::split("shop", flat, "json", caps);
        assert!(parts.len() > 2, "the stack is split");
        let named = |parts: &[split::Part]| -> Vec<(String, Template)> {
            parts
                .iter()
                .map(|p| (p.name.clone(), p.template.clone()))
                .collect()
        };
        let check_parts = |parts: &[(String, Template)]| {
            let refs: Vec<(&str, &Template)> = parts.iter().map(|(n, t)| (n.as_str(), t)).collect();
            check("shop", &exposure, &refs)
        };
        assert_eq!(check_parts(&named(&parts)), []);

        // The method on `/items/{id}` sits in a nested template whose resource ids come
        // from the parent or another nested stack: it is still placed.
        let nested = parts
            .iter_mut()
            .skip(1)
            .find(|p| {
                p.template
                    .resources
                    .keys()
                    .any(|id| id.as_str().starts_with("MethodItemsIdPUT"))
            })
            .expect("a nested template holds PUT /items/{id}");
        let (_, m) = method_mut(&mut nested.template, "MethodItemsIdPUT", "PUT");
        m.authorization_type = Text::Borrowed("NONE");
        m.authorizer_id = None;
        assert_eq!(
            codes_and_places(&check_parts(&named(&parts))),
            [(
                "unauthenticated-method".to_owned(),
                Some("/items/{id}".to_owned()),
                Some("PUT".to_owned())
            )]
        );
    }
}
