//! Methods: one HTTP method on a resource, its integration and its protection.

use super::{AuthorizerRef, HttpMethod, Integration, MethodRequest, MethodSettings, ResponseModel};

/// The method's verb as written: a known method, or a string synth will reject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verb {
    Known(HttpMethod),
    Invalid(String),
}

impl Verb {
    pub(crate) fn display(&self) -> String {
        match self {
            Verb::Known(m) => m.as_str().to_owned(),
            Verb::Invalid(s) => s.clone(),
        }
    }
}

/// A method: the console's "Create method" with its integration and authorization.
///
/// Without [`authorizer`](Method::authorizer), the method inherits the resource's or the
/// API's default authorizer; a method with none at all fails synth unless it calls
/// [`public`](Method::public).
///
/// ```
/// use apigw_synth::{HttpMethod, Integration, Method};
/// let get = Method::new(HttpMethod::Get, Integration::lambda("get-product"));
/// let health = Method::get(Integration::mock()).public();
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    pub(crate) verb: Verb,
    pub(crate) integration: Integration,
    pub(crate) authorizer: Option<AuthorizerRef>,
    pub(crate) public: bool,
    pub(crate) iam: bool,
    pub(crate) scopes: Option<Vec<String>>,
    pub(crate) public_reason: Option<String>,
    pub(crate) settings: MethodSettings,
    pub(crate) api_key_required: Option<bool>,
    pub(crate) request: MethodRequest,
    pub(crate) response_models: Vec<ResponseModel>,
}

macro_rules! verb_constructors {
    ($($fn_name:ident => $variant:ident),*) => {
        $(
            #[doc = concat!("A `", stringify!($variant), "` method: shorthand for `Method::new(HttpMethod::", stringify!($variant), ", integration)`.")]
            pub fn $fn_name(integration: impl Into<Integration>) -> Self {
                Self::new(HttpMethod::$variant, integration)
            }
        )*
    };
}

impl Method {
    /// A `method` sending requests to `integration`.
    pub fn new(method: HttpMethod, integration: impl Into<Integration>) -> Self {
        Self::with_verb(Verb::Known(method), integration.into())
    }

    /// A method from its name as text (`"GET"`, `"get"`); synth reports an unknown name.
    pub fn parse(method: &str, integration: impl Into<Integration>) -> Self {
        let integration = integration.into();
        let verb = match method.parse() {
            Ok(m) => Verb::Known(m),
            Err(_) => Verb::Invalid(method.to_owned()),
        };
        Self::with_verb(verb, integration)
    }

    fn with_verb(verb: Verb, integration: Integration) -> Self {
        Self {
            verb,
            integration,
            authorizer: None,
            public: false,
            request: MethodRequest::default(),
            response_models: Vec::new(),
            iam: false,
            scopes: None,
            public_reason: None,
            settings: MethodSettings::new(),
            api_key_required: None,
        }
    }

    verb_constructors!(get => Get, post => Post, put => Put, patch => Patch, delete => Delete, head => Head, any => Any);

    /// Protect the method with this authorizer of the API. Default: the resource's or the
    /// API's default authorizer.
    pub fn authorizer(mut self, authorizer: impl Into<AuthorizerRef>) -> Self {
        self.authorizer = Some(authorizer.into());
        self
    }

    /// Make the method reachable without any authorization, on purpose. Default: not public.
    pub fn public(mut self) -> Self {
        self.public = true;
        self
    }

    /// Make the method public on purpose, because `reason`: the reason is written into the
    /// template beside the check the method then fails, and `diff` shows it. Default: not
    /// public.
    pub fn public_because(mut self, reason: impl Into<String>) -> Self {
        self.public = true;
        self.public_reason = Some(reason.into());
        self
    }

    /// This method's settings on every stage, over the stage-wide ones (a stage's
    /// [`method_settings`](crate::Stage::method_settings) for it win). Default: none.
    pub fn settings(mut self, settings: MethodSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Whether callers must send an API key of a usage plan on the method's stage. A key is
    /// no authentication: the method still needs an authorizer, IAM or `public`. Default:
    /// the resource's or the API's.
    pub fn api_key_required(mut self, required: bool) -> Self {
        self.api_key_required = Some(required);
        self
    }

    /// Require IAM (SigV4) authorization instead of an authorizer. Default: off.
    pub fn iam(mut self) -> Self {
        self.iam = true;
        self
    }

    /// OAuth scopes, any one of which the access token must carry (Cognito only; clients
    /// must then send an access token, not an ID token). Default: the resource's or API's
    /// default scopes, else none.
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }
}
