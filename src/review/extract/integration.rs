//! Integrations: where a method's requests go, by the integration's type: a Lambda
//! function by name, a mock, an HTTP endpoint, an AWS service, or any other type.

use serde_json::Value;

use super::Extractor;
use super::function::function_from_arn;
use crate::review::expr::expr_text;
use crate::review::view::IntegrationTarget;

impl Extractor<'_> {
    /// What an integration calls.
    pub(super) fn integration_target(&self, integration: Option<&Value>) -> IntegrationTarget {
        let Some(integration) = integration.and_then(Value::as_object) else {
            return IntegrationTarget::Missing;
        };
        let kind = integration
            .get("Type")
            .map(|v| self.text(v))
            .unwrap_or_default()
            .to_uppercase();
        let uri = integration.get("Uri").map(expr_text);
        if let Some(uri) = &uri
            && (kind == "AWS_PROXY" || kind == "AWS")
            && let Some(rest) = uri.split_once(":lambda:path/").map(|(_, r)| r)
        {
            let arn = rest
                .split_once("functions/")
                .map_or(rest, |(_, r)| r)
                .trim_end_matches("/invocations");
            return IntegrationTarget::Lambda {
                function: function_from_arn(&self.function_text(arn)),
                proxy: kind == "AWS_PROXY",
            };
        }
        // The URI with references shown by what they name.
        let uri = integration.get("Uri").map(|v| self.text(v));
        let vpc_link = integration
            .get("ConnectionType")
            .is_some_and(|t| self.text(t).eq_ignore_ascii_case("VPC_LINK"))
            .then(|| integration.get("ConnectionId").map(|v| self.text(v)))
            .flatten();
        match kind.as_str() {
            "MOCK" => IntegrationTarget::Mock {
                uri,
                status: mock_status(integration, |v| self.text(v)),
            },
            "HTTP" | "HTTP_PROXY" => IntegrationTarget::Http {
                proxy: kind == "HTTP_PROXY",
                uri,
                vpc_link,
            },
            "AWS" => IntegrationTarget::AwsService {
                target: uri.as_deref().and_then(|u| {
                    let templates = integration.get("RequestTemplates").map(|t| self.text(t));
                    aws_target(u, templates.as_deref().unwrap_or_default())
                }),
                uri,
            },
            _ => IntegrationTarget::Other { kind, uri },
        }
    }
}

/// The status a mock answers: its `application/json` request template's `statusCode` (200
/// without one) selects the integration response whose `SelectionPattern` is that code, else
/// the default one (none), whose `StatusCode` it is; `None` when none is selected or the
/// template can't say.
fn mock_status(
    integration: &serde_json::Map<String, Value>,
    text: impl Fn(&Value) -> String,
) -> Option<u16> {
    let asked = match integration
        .get("RequestTemplates")
        .and_then(|t| t.get("application/json"))
    {
        Some(template) => crate::serve::integration::mock::status_in(&text(template))?,
        None => 200,
    };
    let responses = integration.get("IntegrationResponses")?.as_array()?;
    let pattern = |r: &Value| {
        r.get("SelectionPattern")
            .map(&text)
            .filter(|p| !p.is_empty())
    };
    let chosen = responses
        .iter()
        .find(|r| pattern(r).is_some_and(|p| p == asked.to_string()))
        .or_else(|| responses.iter().find(|r| pattern(r).is_none()))?;
    text(chosen.get("StatusCode")?).parse().ok()
}

/// What an AWS integration's URI calls: `service:Action` for an `action/` URI; for a
/// `path/` one, the service with the action the request template names (`Action=…`), then
/// the path.
fn aws_target(uri: &str, templates: &str) -> Option<String> {
    let (_, rest) = uri.split_once(":apigateway:")?;
    // The region: a name, or a `${…}` reference holding colons itself.
    let rest = match rest.strip_prefix("${") {
        Some(r) => r.split_once('}')?.1.strip_prefix(':')?,
        None => rest.split_once(':')?.1,
    };
    let (service, target) = rest.split_once(':')?;
    if let Some(action) = target.strip_prefix("action/") {
        return Some(format!("{service}:{action}"));
    }
    let action = templates.split_once("Action=").map(|(_, a)| {
        a.chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
    });
    Some(match action.filter(|a| !a.is_empty()) {
        Some(action) => format!("{service}:{action} {target}"),
        None => format!("{service} {target}"),
    })
}

#[cfg(test)]
mod tests {
    use crate::review::{IntegrationTarget, model, parse_template};

    /// The GET method on `/` of a template whose method has `integration`.
    fn method_with(integration: &str) -> crate::review::MethodView {
        let text = format!(
            "Resources:\n  Api: {{Type: AWS::ApiGateway::RestApi, Properties: {{Name: shop}}}}\n  M: {{Type: AWS::ApiGateway::Method, Properties: {{RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM, Integration: {integration}}}}}\n"
        );
        let template = parse_template(&text, false, "test.yaml").unwrap();
        model(&template).apis["shop"].routes["/"].methods["GET"].clone()
    }

    #[test]
    fn a_non_proxy_lambda_integration_is_named_by_its_function_and_says_so() {
        let m = method_with(
            "{Type: AWS, IntegrationHttpMethod: POST, Uri: !Sub 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:get-pet/invocations'}",
        );
        assert_eq!(
            m.integration,
            IntegrationTarget::Lambda {
                function: "get-pet".to_owned(),
                proxy: false
            }
        );
        assert_eq!(m.integration.to_string(), "get-pet (Lambda, non-proxy)");
        // The target says the type, URI and HTTP method; nothing of them is left as a detail.
        assert_eq!(m.details["Integration"], "{}");
    }

    #[test]
    fn an_http_proxy_integration_is_shown_as_its_type_and_uri() {
        let m = method_with(
            "{Type: http_proxy, IntegrationHttpMethod: GET, Uri: 'https://example.com/{proxy}'}",
        );
        assert_eq!(
            m.integration.to_string(),
            "HTTP_PROXY https://example.com/{proxy}"
        );
        assert_eq!(m.details["Integration.IntegrationHttpMethod"], "GET");
    }

    #[test]
    fn an_http_integration_through_a_vpc_link_names_the_link() {
        let m = method_with(
            "{Type: HTTP, IntegrationHttpMethod: GET, Uri: 'http://nlb.internal/items', ConnectionType: VPC_LINK, ConnectionId: !Ref VpcLinkId}",
        );
        assert_eq!(
            m.integration.to_string(),
            "HTTP http://nlb.internal/items via VPC link ${VpcLinkId}"
        );
        assert!(!m.details.contains_key("Integration.ConnectionId"));
    }

    #[test]
    fn a_method_without_integration_says_so() {
        let m = method_with("null");
        assert_eq!(m.integration, IntegrationTarget::Missing);
        assert_eq!(m.integration.to_string(), "(no integration)");
    }
}
