//! The resource tree: each `AWS::ApiGateway::Resource`, its methods and its CORS preflight.

use crate::api::{HttpMethod, MethodRequest};
use crate::cfn::apigateway::{self, ApiResource};
use crate::cfn::{Attribute, Expr, LogicalId, Resource};
use crate::error::ProblemKind;

use super::ids::PathIds;
use super::owner::Owner;
use super::resolve::{Auth, ResolvedApi, ResolvedMethod};
use super::{Emitter, authorizers, cors, ids, integrations, method_response, validation};

/// checkov's check that a method is not open to anyone.
const CKV_OPEN_METHOD: &str = "CKV_AWS_59";

/// The checkov comment of a method the stack made public without saying why (`diff` shows
/// no reason for it).
pub(crate) const PUBLIC_WITHOUT_REASON: &str =
    "public on purpose: the stack marks this method public (no reason given)";

/// Why a public method is public: the stack's reason, or that the stack said so.
fn public_comment(m: &ResolvedMethod<'_>) -> String {
    match m.public_reason {
        Some(reason) => format!("public on purpose: {reason}"),
        None => {
            "public on purpose: the stack marks this method public (no reason given)".to_owned()
        }
    }
}

impl Emitter<'_, '_, '_> {
    /// Emits resources and methods; returns the ids of every method.
    pub(super) fn resources(&mut self, api: &ResolvedApi<'_>) -> Vec<LogicalId> {
        let mut resource_ids: Vec<Expr> = Vec::with_capacity(api.resources.len());
        let mut method_ids = Vec::new();
        // The resources come depth first: each one's ids derive from its parent's.
        let mut path_ids = PathIds::new();
        for (index, r) in api.resources.iter().enumerate() {
            if let Some(parent) = r.parent {
                path_ids.enter(api.resources[parent].depth, r.part);
            }
            let resource_id = match r.parent {
                None => Expr::GetAtt(self.rest_api.clone(), Attribute::RootResourceId),
                Some(parent) => {
                    let id = path_ids.resource();
                    self.insert_placed(
                        id.clone(),
                        Owner::Resource(index),
                        Resource::new(ApiResource {
                            parent_id: resource_ids[parent].clone(),
                            path_part: r.part.to_owned(),
                            rest_api_id: self.api_ref(),
                        }),
                        Some(index),
                    );
                    Expr::Ref(id)
                }
            };

            for m in &r.methods {
                let id = path_ids.method(m.verb);
                let Some(method) = self.method(m, resource_id.clone(), api, index) else {
                    continue;
                };
                method_ids.push(id.clone());
                let mut resource = Resource::new(method);
                if m.auth == Auth::Public && m.verb != HttpMethod::Options {
                    resource = resource.checkov_skip(CKV_OPEN_METHOD, public_comment(m));
                }
                self.insert_placed(id, Owner::Method(index, m.verb), resource, Some(index));
            }

            if let Some(cors) = r.cors.filter(|_| r.has_preflight()) {
                let verbs: Vec<HttpMethod> = r.methods.iter().map(|m| m.verb).collect();
                let id = path_ids.method(HttpMethod::Options);
                method_ids.push(id.clone());
                let preflight = cors::preflight(cors, &verbs, resource_id.clone(), self.api_ref());
                self.insert_placed(
                    id,
                    Owner::Preflight(index),
                    Resource::new(preflight),
                    Some(index),
                );
            }
            resource_ids.push(resource_id);
        }
        method_ids
    }

    /// The method `m` on the resource `resource_id` (resource `index` of `api`), with its
    /// authorization and integration. `None`, with the problem reported, when it names an
    /// authorizer the API lacks (which resolution has already reported, so it does not
    /// happen).
    fn method(
        &mut self,
        m: &ResolvedMethod<'_>,
        resource_id: Expr,
        api: &ResolvedApi<'_>,
        index: usize,
    ) -> Option<apigateway::Method> {
        let (authorization_type, authorizer_id) = match m.auth {
            Auth::Authorizer(name) => {
                let Some((id, authorizer)) = self.authorizers_by_name.get(name) else {
                    let kind = ProblemKind::UnknownAuthorizer(name.to_owned(), String::new());
                    let path = api.path(index);
                    self.problems.at(Some(&path), Some(m.verb.as_str()), kind);
                    return None;
                };
                let kind = authorizers::method_authorization(authorizer);
                (kind, Some(Expr::Ref(id.clone())))
            }
            Auth::Iam => ("AWS_IAM", None),
            // Missing is already a problem; as `NONE` the secure-by-default check refuses it
            // too.
            Auth::Public | Auth::Missing => ("NONE", None),
        };
        if *m.request != MethodRequest::default() {
            let path = api.path(index);
            let models = &self.stack.api.models;
            validation::check_method(m.request, models, &path, m.verb.as_str(), self.problems);
        }
        let integrations::Emitted {
            integration,
            mut method_responses,
            method_parameters,
        } = integrations::emit(m.integration, m.verb, || api.path(index));
        if !m.response_models.is_empty() {
            let path = api.path(index);
            let models = &self.stack.api.models;
            let verb = m.verb.as_str();
            method_response::check(m.response_models, models, &path, verb, self.problems);
            method_response::add_models(&mut method_responses, m.response_models);
        }
        let mut request_parameters = validation::request_parameters(m.request);
        for (name, required) in method_parameters {
            *request_parameters.entry(name).or_insert(required) |= required;
        }
        Some(apigateway::Method {
            http_method: m.verb.as_str().into(),
            resource_id,
            rest_api_id: self.api_ref(),
            authorization_type: authorization_type.into(),
            authorizer_id,
            authorization_scopes: m.scopes.clone(),
            api_key_required: m.api_key_required,
            request_validator_id: m
                .request
                .effective_validation()
                .map(|v| Expr::Ref(ids::request_validator(v))),
            request_models: validation::request_models(m.request),
            request_parameters,
            integration,
            method_responses,
        })
    }
}
