//! What every integration but a Lambda proxy shares: its timeout, how the request is
//! mapped (parameters, templates), how the backend's answer becomes the response
//! (integration responses), passthrough and content handling.

use crate::api::{ParameterIn, Value};

/// Options shared by the HTTP, AWS service, Lambda non-proxy and mock integrations. Set
/// with the setters of each kind ([`HttpIntegration::timeout_ms`](crate::HttpIntegration::timeout_ms), …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct IntegrationOptions {
    pub(crate) timeout_ms: Option<u32>,
    pub(crate) request_parameters: Vec<(ParameterIn, String, RequestSource)>,
    pub(crate) request_templates: Vec<(String, Value)>,
    pub(crate) responses: Vec<IntegrationResponse>,
    pub(crate) passthrough: Option<Passthrough>,
    pub(crate) content_handling: Option<ContentHandling>,
}

/// Where a mapped request parameter's value comes from: API Gateway's mapping expressions.
///
/// ```
/// use apigw_synth::RequestSource;
/// assert_eq!(RequestSource::header("X-Tenant").expression(), "method.request.header.X-Tenant");
/// assert_eq!(RequestSource::parse("context.requestId"), RequestSource::context("requestId"));
/// assert_eq!(RequestSource::value("v2").expression(), "'v2'");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RequestSource {
    /// A path parameter of the route: `method.request.path.<name>`.
    Path(String),
    /// A query string parameter: `method.request.querystring.<name>`.
    Query(String),
    /// A request header: `method.request.header.<name>`.
    Header(String),
    /// A request context variable: `context.<name>` (`requestId`, `identity.sourceIp`, …).
    Context(String),
    /// A stage variable: `stageVariables.<name>`.
    StageVariable(String),
    /// A static value: `'<value>'`.
    Static(String),
    /// An expression none of the above reads (synth reports it).
    Invalid(String),
}

impl RequestSource {
    /// A path parameter of the route.
    pub fn path(name: impl Into<String>) -> Self {
        Self::Path(name.into())
    }
    /// A query string parameter.
    pub fn query(name: impl Into<String>) -> Self {
        Self::Query(name.into())
    }
    /// A request header.
    pub fn header(name: impl Into<String>) -> Self {
        Self::Header(name.into())
    }
    /// A context variable, e.g. `requestId` or `identity.sourceIp`.
    pub fn context(name: impl Into<String>) -> Self {
        Self::Context(name.into())
    }
    /// A stage variable.
    pub fn stage_variable(name: impl Into<String>) -> Self {
        Self::StageVariable(name.into())
    }
    /// A static value (without API Gateway's single quotes).
    pub fn value(value: impl Into<String>) -> Self {
        Self::Static(value.into())
    }

    /// An expression as API Gateway writes it (`method.request.querystring.q`,
    /// `context.requestId`, `stageVariables.env`, `'static'`), as OpenAPI's
    /// `x-amazon-apigateway-integration.requestParameters` holds it. Anything else is
    /// [`RequestSource::Invalid`], which synth reports.
    pub fn parse(expression: &str) -> Self {
        let e = expression;
        if let Some(v) = e.strip_prefix('\'').and_then(|v| v.strip_suffix('\''))
            && e.len() >= 2
        {
            return Self::Static(v.to_owned());
        }
        let prefixed = [
            ("method.request.path.", Self::Path as fn(String) -> Self),
            ("method.request.querystring.", Self::Query),
            ("method.request.header.", Self::Header),
            ("context.", Self::Context),
            ("stageVariables.", Self::StageVariable),
        ];
        for (prefix, make) in prefixed {
            if let Some(name) = e.strip_prefix(prefix).filter(|n| !n.is_empty()) {
                return make(name.to_owned());
            }
        }
        Self::Invalid(e.to_owned())
    }

    /// The mapping expression API Gateway reads.
    pub fn expression(&self) -> String {
        match self {
            Self::Path(n) => format!("method.request.path.{n}"),
            Self::Query(n) => format!("method.request.querystring.{n}"),
            Self::Header(n) => format!("method.request.header.{n}"),
            Self::Context(n) => format!("context.{n}"),
            Self::StageVariable(n) => format!("stageVariables.{n}"),
            Self::Static(v) => format!("'{v}'"),
            Self::Invalid(e) => e.clone(),
        }
    }
}

/// How a backend's answer becomes the method's response (non-proxy integrations): the
/// answers whose error or status matches `selection_pattern` (the default response has
/// none) get `status`, these headers and these body templates.
///
/// ```
/// use apigw_synth::IntegrationResponse;
/// let not_found = IntegrationResponse::new(404)
///     .selection_pattern("404")
///     .template("application/json", r#"{"message": "no such item"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationResponse {
    pub(crate) status: u16,
    pub(crate) selection_pattern: Option<String>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) templates: Vec<(String, String)>,
}

impl IntegrationResponse {
    /// The response with this status code (100 to 599); the method declares it.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            selection_pattern: None,
            headers: Vec::new(),
            templates: Vec::new(),
        }
    }

    /// A regular expression matched against the backend's status code (HTTP) or error
    /// message (Lambda, AWS). Default: none, the response for whatever no other matches.
    pub fn selection_pattern(mut self, pattern: impl Into<String>) -> Self {
        self.selection_pattern = Some(pattern.into());
        self
    }

    /// A response header and its mapping expression (`integration.response.header.X`,
    /// `integration.response.body.id`, `'static'`). Default: none.
    pub fn header(mut self, name: impl Into<String>, expression: impl Into<String>) -> Self {
        self.headers.push((name.into(), expression.into()));
        self
    }

    /// The body template (Velocity) for `content_type`. Default: the backend's body as is.
    pub fn template(
        mut self,
        content_type: impl Into<String>,
        template: impl Into<String>,
    ) -> Self {
        self.templates.push((content_type.into(), template.into()));
        self
    }
}

/// What API Gateway does with a request whose content type has no request template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passthrough {
    /// Pass it on unchanged (API Gateway's default).
    WhenNoMatch,
    /// Pass it on only when the integration has no template at all; else 415.
    WhenNoTemplates,
    /// Refuse it with 415 Unsupported Media Type.
    Never,
}

impl Passthrough {
    /// API Gateway's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WhenNoMatch => "WHEN_NO_MATCH",
            Self::WhenNoTemplates => "WHEN_NO_TEMPLATES",
            Self::Never => "NEVER",
        }
    }
}

/// How API Gateway converts a body between text and binary on the way to the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentHandling {
    /// A base64 text body becomes binary.
    ConvertToBinary,
    /// A binary body becomes base64 text.
    ConvertToText,
}

impl ContentHandling {
    /// API Gateway's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConvertToBinary => "CONVERT_TO_BINARY",
            Self::ConvertToText => "CONVERT_TO_TEXT",
        }
    }
}

/// The setters of [`IntegrationOptions`] on an integration kind with an `options` field.
macro_rules! option_setters {
    ($kind:ty) => {
        impl $kind {
            /// How long API Gateway waits for the backend, 50 to 29,000 ms. Default: 29,000.
            pub fn timeout_ms(mut self, milliseconds: u32) -> Self {
                self.options.timeout_ms = Some(milliseconds);
                self
            }

            /// Sets the integration request's parameter `name` in `place` (path, query
            /// string or header) from `source`. Default: each `{name}` of the URL from the
            /// route's path parameter of that name; nothing else.
            pub fn request_parameter(
                mut self,
                place: $crate::ParameterIn,
                name: impl Into<String>,
                source: $crate::RequestSource,
            ) -> Self {
                self.options
                    .request_parameters
                    .push((place, name.into(), source));
                self
            }

            /// The request mapping template (Velocity) for bodies of `content_type`: a
            /// literal, or a [`Value`](crate::Value) such as `Value::sub` to name a resource
            /// given at deploy time (Velocity's own `${…}` is then written `${!…}`). Default:
            /// none (the body passes as is), or the one an AWS service action needs.
            pub fn request_template(
                mut self,
                content_type: impl Into<String>,
                template: impl Into<$crate::Value>,
            ) -> Self {
                self.options
                    .request_templates
                    .push((content_type.into(), template.into()));
                self
            }

            /// An integration response; the method declares its status and headers.
            /// Default: one `200` passing the backend's body as is.
            pub fn response(mut self, response: $crate::IntegrationResponse) -> Self {
                self.options.responses.push(response);
                self
            }

            /// What happens to a body whose content type has no template. Default:
            /// [`Passthrough::WhenNoMatch`](crate::Passthrough::WhenNoMatch) (API Gateway's).
            pub fn passthrough(mut self, passthrough: $crate::Passthrough) -> Self {
                self.options.passthrough = Some(passthrough);
                self
            }

            /// Text/binary conversion of the request body. Default: none (passed as is).
            pub fn content_handling(mut self, handling: $crate::ContentHandling) -> Self {
                self.options.content_handling = Some(handling);
                self
            }
        }
    };
}

pub(crate) use option_setters;
