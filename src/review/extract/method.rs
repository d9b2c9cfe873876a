//! Methods and their authorization: who may call each method (authorization type,
//! authorizer by name, scopes, API key), its integration target and its other settings.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::cors::{preflight_headers, preflight_status};
use super::{Extractor, Kind, properties, without};
use crate::review::expr::ref_target;
use crate::review::view::{ApiView, Authorization, AuthorizationKind, MethodView};

impl Extractor<'_> {
    /// Every method on its route; a CORS preflight as its route's `cors`.
    pub(super) fn methods(&self, apis: &mut BTreeMap<String, ApiView>) {
        for (_, resource) in self.of_kind(Kind::Method) {
            self.method(apis, &properties(resource), public_reason(resource));
        }
    }

    fn method(
        &self,
        apis: &mut BTreeMap<String, ApiView>,
        props: &Map<String, Value>,
        public_reason: Option<String>,
    ) {
        let verb = props
            .get("HttpMethod")
            .map(|v| self.text(v))
            .unwrap_or_default()
            .to_uppercase();
        let path = props.get("ResourceId").map_or_else(
            || "/?".to_owned(),
            |r| self.path_of(r, &mut BTreeSet::new()),
        );
        let api = self.api(apis, self.api_of(props));
        let route = api.routes.entry(path).or_default();
        if verb == "OPTIONS"
            && let Some(headers) = preflight_headers(props, &self.aliases)
        {
            route.cors = Some(headers);
            route.cors_status = preflight_status(props, &self.aliases);
            return;
        }
        let authorization = Authorization {
            kind: self.authorization_kind(props),
            authorizer: props.get("AuthorizerId").map(|a| self.authorizer_name(a)),
            lambda_type: props
                .get("AuthorizerId")
                .and_then(|a| self.lambda_authorizer_type(a)),
            scopes: props
                .get("AuthorizationScopes")
                .and_then(Value::as_array)
                .map(|s| s.iter().map(|v| self.text(v)).collect())
                .unwrap_or_default(),
        };
        let integration = self.integration_target(props.get("Integration"));
        let mut rest = without(
            props.clone(),
            &[
                "HttpMethod",
                "ResourceId",
                "RestApiId",
                "AuthorizationType",
                "AuthorizerId",
                "AuthorizationScopes",
                "ApiKeyRequired",
            ],
        );
        if let Some(Value::Object(i)) = rest.get_mut("Integration") {
            // The target line already says what these say.
            for k in integration.described_properties() {
                i.remove(*k);
            }
        }
        if let Some(by_status) = rest.get("MethodResponses").and_then(|r| self.by_status(r)) {
            rest.insert("MethodResponses".to_owned(), by_status);
        }
        let view = MethodView {
            authorization,
            api_key_required: props
                .get("ApiKeyRequired")
                .is_some_and(|v| self.text(v) == "true"),
            integration,
            public_reason,
            details: self.flat(&Value::Object(rest)),
        };
        route.methods.insert(verb, view);
    }

    /// `MethodResponses` keyed by status code (`MethodResponses.200.ResponseModels.…`), so
    /// that a response added or removed changes its own keys, not those of the responses
    /// after it; `None`, to keep the list, when a status is missing or given twice.
    fn by_status(&self, responses: &Value) -> Option<Value> {
        let mut out = Map::new();
        for response in responses.as_array()? {
            let mut response = response.as_object()?.clone();
            let status = self.text(&response.remove("StatusCode")?);
            if out.insert(status, Value::Object(response)).is_some() {
                return None;
            }
        }
        Some(Value::Object(out))
    }

    /// A method's `AuthorizationType`; none is `NONE`.
    pub(super) fn authorization_kind(&self, props: &Map<String, Value>) -> AuthorizationKind {
        AuthorizationKind::from_text(
            &props
                .get("AuthorizationType")
                .map_or_else(|| "NONE".to_owned(), |v| self.text(v))
                .to_uppercase(),
        )
    }

    /// The `Type` of the Lambda authorizer (`TOKEN`, `REQUEST`) `AuthorizerId` points at,
    /// when it is one in the template.
    fn lambda_authorizer_type(&self, authorizer_id: &Value) -> Option<String> {
        let id = ref_target(authorizer_id)?;
        let kind = properties(self.resource_of_kind(id, Kind::Authorizer)?)
            .get("Type")
            .map(|v| self.text(v).to_uppercase())?;
        matches!(kind.as_str(), "TOKEN" | "REQUEST").then_some(kind)
    }

    /// The name of the authorizer `AuthorizerId` points at; an authorizer outside the
    /// template is named by the expression.
    fn authorizer_name(&self, authorizer_id: &Value) -> String {
        match ref_target(authorizer_id).and_then(|id| self.resource_of_kind(id, Kind::Authorizer)) {
            Some(r) => properties(r)
                .get("Name")
                .map(|v| self.text(v))
                .unwrap_or_else(|| self.text(authorizer_id)),
            None => self.text(authorizer_id),
        }
    }
}

/// The comment of checkov's skip of `CKV_AWS_59` (a method open to anyone) in the
/// resource's metadata: why the template says the method is public. None for the comment
/// synth writes when the stack gives no reason.
fn public_reason(resource: &Value) -> Option<String> {
    let comment = resource
        .get("Metadata")?
        .get("checkov")?
        .get("skip")?
        .as_array()?
        .iter()
        .find(|s| s.get("id").and_then(Value::as_str) == Some("CKV_AWS_59"))?
        .get("comment")?
        .as_str()?;
    (comment != crate::synth::PUBLIC_WITHOUT_REASON).then(|| comment.to_owned())
}

#[cfg(test)]
mod tests {
    use crate::review::{model, parse_template};
    use serde_json::Value;

    fn template(text: &str) -> Value {
        parse_template(text, false, "test.yaml").unwrap()
    }

    #[test]
    fn a_method_without_authorization_type_is_public() {
        let t = template(
            "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n  M: {Type: AWS::ApiGateway::Method, Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: get, Integration: {Type: MOCK}}}\n",
        );
        let m = &model(&t).apis["shop"].routes["/"].methods["GET"];
        assert!(m.authorization.is_public());
        assert_eq!(m.integration, "MOCK");
    }

    #[test]
    fn an_unknown_authorization_type_is_shown_as_written_and_is_not_public() {
        let t = template(
            "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n  M: {Type: AWS::ApiGateway::Method, Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: !Ref AuthType, Integration: {Type: MOCK}}}\n",
        );
        let m = &model(&t).apis["shop"].routes["/"].methods["GET"];
        assert!(!m.authorization.is_public());
        assert_eq!(m.authorization.describe(), "${AUTHTYPE}");
    }
}
