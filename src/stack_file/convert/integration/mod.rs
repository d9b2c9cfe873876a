//! Integrations: the one integration a method gives (`lambda`, `lambdaArn`, `mock`, `http`
//! or `httpProxy`) into an [`Integration`], with its options.

use crate::{
    ContentHandling, HttpIntegration, Integration, IntegrationResponse, ParameterIn, Passthrough,
    RequestSource,
};

use super::super::LoadProblemKind;
use super::super::format::{
    AwsSpec, ContentHandlingSpec, HttpSpec, LambdaResourceSpec, LambdaSpec, MockResponseSpec,
    PassthroughSpec, ValueSpec,
};
use super::super::load::{Loader, path_of};

/// A method's integration fields, each naming a kind.
pub(super) struct IntegrationSpec {
    pub(super) lambda: Option<LambdaSpec>,
    pub(super) lambda_arn: Option<ValueSpec>,
    pub(super) mock: bool,
    pub(super) mock_response: Option<MockResponseSpec>,
    pub(super) http: Option<HttpSpec>,
    pub(super) http_proxy: Option<HttpSpec>,
    pub(super) aws: Option<AwsSpec>,
}

impl Loader {
    /// The integration of the method at `at`; `None`, with the problem recorded, unless it
    /// gives exactly one.
    pub(super) fn integration(
        &mut self,
        spec: IntegrationSpec,
        at: &[String],
    ) -> Option<Integration> {
        let IntegrationSpec {
            lambda,
            lambda_arn,
            mock,
            mock_response,
            http,
            http_proxy,
            aws,
        } = spec;
        let mut integrations = Vec::new();
        match lambda {
            Some(LambdaSpec::Name(name)) => integrations.push(Integration::lambda(name)),
            Some(LambdaSpec::Resource(LambdaResourceSpec { resource })) => {
                let mut p = at.to_vec();
                p.extend(path_of(&["lambda", "resource"]));
                self.values.push((resource.clone(), p));
                integrations.push(Integration::lambda_resource(resource));
            }
            None => {}
        }
        if let Some(arn) = lambda_arn {
            let mut p = at.to_vec();
            p.push("lambdaArn".to_owned());
            let v = self.value(arn, p);
            integrations.push(Integration::lambda_arn(v));
        }
        if mock {
            integrations.push(Integration::mock());
        }
        if let Some(r) = mock_response {
            integrations.push(Integration::mock_response(r.status, r.body).into());
        }
        for (key, spec) in [("http", http), ("httpProxy", http_proxy)] {
            if let Some(spec) = spec {
                let mut p = at.to_vec();
                p.push(key.to_owned());
                integrations.push(self.http(spec, key == "httpProxy", &p)?.into());
            }
        }
        if let Some(spec) = aws {
            let mut p = at.to_vec();
            p.push("aws".to_owned());
            integrations.push(self.aws(spec, &p)?.into());
        }
        if integrations.len() != 1 {
            let message = format!(
                "give exactly one integration: `lambda`, `lambdaArn`, `mock: true`, \
                 `mockResponse`, `http`, `httpProxy` or `aws` ({} given)",
                integrations.len()
            );
            self.problem(at, true, LoadProblemKind::Integration, message);
            return None;
        }
        integrations.pop()
    }
}

/// The options every non-proxy kind's spec shares, taken out of it.
pub(super) struct OptionsSpec {
    pub(super) timeout_ms: Option<u32>,
    pub(super) request_parameters: std::collections::BTreeMap<String, String>,
    pub(super) request_templates: std::collections::BTreeMap<String, ValueSpec>,
    pub(super) responses: Vec<super::super::format::IntegrationResponseSpec>,
    pub(super) passthrough: Option<PassthroughSpec>,
    pub(super) content_handling: Option<ContentHandlingSpec>,
}

/// Applies an [`OptionsSpec`] through a kind's option setters (each kind has the same ones).
macro_rules! apply_options {
    ($loader:expr, $integration:expr, $options:expr, $at:expr) => {{
        let OptionsSpec {
            timeout_ms,
            request_parameters,
            request_templates,
            responses,
            passthrough,
            content_handling,
        } = $options;
        let mut i = $integration;
        if let Some(ms) = timeout_ms {
            i = i.timeout_ms(ms);
        }
        for (target, source) in request_parameters {
            match request_target(&target) {
                Some((place, name)) => {
                    i = i.request_parameter(place, name, RequestSource::parse(&source))
                }
                None => {
                    let mut p = $at.to_vec();
                    p.extend(path_of(&["requestParameters", &target]));
                    let message = format!(
                        "`{target}` is no request parameter: write \
                         `integration.request.path.<name>`, `integration.request.querystring.<name>` \
                         or `integration.request.header.<name>`"
                    );
                    $loader.problem(&p, true, LoadProblemKind::InvalidValue, message);
                }
            }
        }
        for (content_type, template) in request_templates {
            let mut p = $at.to_vec();
            p.extend(path_of(&["requestTemplates", &content_type]));
            let template = $loader.value(template, p);
            i = i.request_template(content_type, template);
        }
        for r in responses {
            let mut response = IntegrationResponse::new(r.status);
            if let Some(pattern) = r.selection_pattern {
                response = response.selection_pattern(pattern);
            }
            for (name, expression) in r.headers {
                response = response.header(name, expression);
            }
            for (content_type, template) in r.templates {
                response = response.template(content_type, template);
            }
            i = i.response(response);
        }
        if let Some(p) = passthrough {
            i = i.passthrough(match p {
                PassthroughSpec::WhenNoMatch => Passthrough::WhenNoMatch,
                PassthroughSpec::WhenNoTemplates => Passthrough::WhenNoTemplates,
                PassthroughSpec::Never => Passthrough::Never,
            });
        }
        if let Some(c) = content_handling {
            i = i.content_handling(match c {
                ContentHandlingSpec::ConvertToBinary => ContentHandling::ConvertToBinary,
                ContentHandlingSpec::ConvertToText => ContentHandling::ConvertToText,
            });
        }
        i
    }};
}

mod aws;

/// `integration.request.<place>.<name>` as its place and name.
pub(crate) fn request_target(target: &str) -> Option<(ParameterIn, &str)> {
    let rest = target.strip_prefix("integration.request.")?;
    let (place, name) = rest.split_once('.')?;
    let place = match place {
        "path" => ParameterIn::Path,
        "querystring" => ParameterIn::Query,
        "header" => ParameterIn::Header,
        _ => return None,
    };
    (!name.is_empty()).then_some((place, name))
}

impl Loader {
    /// The HTTP integration `spec` (at `at`); `None`, with the problem recorded, when its
    /// `httpMethod` is no method.
    fn http(&mut self, spec: HttpSpec, proxy: bool, at: &[String]) -> Option<HttpIntegration> {
        let HttpSpec {
            url,
            http_method,
            vpc_link,
            timeout_ms,
            request_parameters,
            request_templates,
            responses,
            passthrough,
            content_handling,
        } = spec;
        let mut p = at.to_vec();
        p.push("url".to_owned());
        let url = self.value(url, p);
        let mut http = if proxy {
            Integration::http_proxy(url)
        } else {
            Integration::http(url)
        };
        if let Some(method) = http_method {
            match method.parse() {
                Ok(m) => http = http.http_method(m),
                Err(_) => {
                    let mut p = at.to_vec();
                    p.push("httpMethod".to_owned());
                    let message = format!("`{method}` is not an HTTP method");
                    self.problem(&p, false, LoadProblemKind::InvalidValue, message);
                    return None;
                }
            }
        }
        if let Some(link) = vpc_link {
            let mut p = at.to_vec();
            p.push("vpcLink".to_owned());
            let link = self.value(link, p);
            http = http.vpc_link(link);
        }
        let options = OptionsSpec {
            timeout_ms,
            request_parameters,
            request_templates,
            responses,
            passthrough,
            content_handling,
        };
        Some(apply_options!(self, http, options, at))
    }
}
