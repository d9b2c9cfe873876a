//! The resource tree: each `AWS::ApiGateway::Resource`, its methods and its CORS preflight.

use crate::api::HttpMethod;
use crate::cfn::apigateway::{self, ApiResource};
use crate::cfn::{Attribute, Expr, LogicalId, Resource};
use crate::error::ProblemKind;

use super::owner::Owner;
use super::resolve::{Auth, ResolvedApi, ResolvedMethod};
use super::{Emitter, authorizers, cors, ids, integrations};

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
        for (index, r) in api.resources.iter().enumerate() {
            let resource_id = match r.parent {
                None => Expr::GetAtt(self.rest_api.clone(), Attribute::RootResourceId),
                Some(parent) => {
                    let id = ids::resource(&r.path);
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
                let id = ids::method(&r.path, m.verb);
                let Some(method) = self.method(m, resource_id.clone(), &r.path) else {
                    continue;
                };
                method_ids.push(id.clone());
                let mut resource = Resource::new(method);
                if m.auth == Auth::None && m.verb != HttpMethod::Options {
                    resource = resource.checkov_skip(CKV_OPEN_METHOD, public_comment(m));
                }
                self.insert_placed(id, Owner::Method(index, m.verb), resource, Some(index));
            }

            let has_methods = !r.methods.is_empty();
            if let Some(cors) = r.cors.filter(|_| r.parent.is_some() || has_methods) {
                let verbs: Vec<HttpMethod> = r.methods.iter().map(|m| m.verb).collect();
                let id = ids::method(&r.path, HttpMethod::Options);
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

    /// The method `m` on the resource `resource_id` (at `path`), with its authorization and
    /// integration. `None`, with the problem reported, when it names an authorizer the API
    /// lacks (which resolution has already reported, so it does not happen).
    fn method(
        &mut self,
        m: &ResolvedMethod<'_>,
        resource_id: Expr,
        path: &str,
    ) -> Option<apigateway::Method> {
        let (authorization_type, authorizer_id) = match m.auth {
            Auth::Authorizer(name) => {
                let Some((id, authorizer)) = self.authorizers_by_name.get(name) else {
                    let kind = ProblemKind::UnknownAuthorizer(name.to_owned(), String::new());
                    self.problems.at(Some(path), Some(m.verb.as_str()), kind);
                    return None;
                };
                let kind = authorizers::method_authorization(authorizer);
                (kind, Some(Expr::Ref(id.clone())))
            }
            Auth::Iam => ("AWS_IAM", None),
            Auth::None => ("NONE", None),
        };
        let (integration, method_responses) = integrations::emit(m.integration);
        Some(apigateway::Method {
            http_method: m.verb.as_str().into(),
            resource_id,
            rest_api_id: self.api_ref(),
            authorization_type: authorization_type.into(),
            authorizer_id,
            authorization_scopes: m.scopes.clone(),
            integration,
            method_responses,
        })
    }
}
