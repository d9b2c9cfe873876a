//! The escape hatch: CloudFormation the builders don't model, declared as is (resources,
//! conditions, mappings), and overrides of the properties of generated resources, addressed
//! by what they are. Whatever comes this way answers to the same rules: the secure-by-default
//! check on the final template, logical ids that must not collide, references that must
//! name something the stack declares.

use serde_json::Value as Json;

use super::HttpMethod;

/// A CloudFormation resource declared as is, e.g. the function a method integrates with.
///
/// ```
/// use apigw_synth::RawResource;
/// use serde_json::json;
/// let function = RawResource::new("OrdersFunction", "AWS::Lambda::Function", json!({
///     "Runtime": "python3.12",
///     "Handler": "index.handler",
///     "Role": {"Fn::GetAtt": ["OrdersRole", "Arn"]},
///     "Code": {"ZipFile": "def handler(event, context): return {'statusCode': 200}"}
/// }))
/// .depends_on("OrdersRole");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResource {
    pub(crate) id: String,
    pub(crate) type_name: String,
    pub(crate) properties: Json,
    pub(crate) depends_on: Vec<String>,
    pub(crate) condition: Option<String>,
    pub(crate) metadata: Option<Json>,
}

impl RawResource {
    /// A resource with logical id `id` (letters and digits), of CloudFormation type
    /// `type_name` (e.g. `AWS::Lambda::Function`), with `properties` as CloudFormation takes
    /// them (long-form intrinsics: `{"Ref": …}`, `{"Fn::GetAtt": […]}`).
    pub fn new(id: impl Into<String>, type_name: impl Into<String>, properties: Json) -> Self {
        Self {
            id: id.into(),
            type_name: type_name.into(),
            properties,
            depends_on: Vec::new(),
            condition: None,
            metadata: None,
        }
    }

    /// The resource's `Metadata`, as CloudFormation takes it: for example checkov's skips,
    /// each with its reason (`{"checkov": {"skip": [{"id": "CKV_AWS_117", "comment":
    /// "…"}]}}`). Default: none.
    pub fn metadata(mut self, metadata: Json) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Create it only after the resource `id` (raw or generated). Default: no explicit
    /// dependency (references are dependencies already).
    pub fn depends_on(mut self, id: impl Into<String>) -> Self {
        self.depends_on.push(id.into());
        self
    }

    /// Create it only when the condition `name` (declared with
    /// [`Stack::condition`](crate::Stack::condition)) holds. Default: always.
    pub fn condition(mut self, name: impl Into<String>) -> Self {
        self.condition = Some(name.into());
        self
    }

    /// The logical id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// A resource synth generates, named by what it is rather than by its logical id: the target
/// of a property override.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Generated {
    /// The `AWS::ApiGateway::RestApi`.
    RestApi,
    /// The method `verb` on the route `path` (`/orders/{id}`); `OPTIONS` on a route with CORS
    /// is its preflight.
    Method(String, HttpMethod),
    /// The authorizer of this name.
    Authorizer(String),
    /// The stack's first stage (its only one, in most stacks).
    Stage,
    /// The stage of this label: its `id`, else its literal name, else the name of the
    /// parameter naming it ([`Stage::label`](crate::Stage::label)).
    StageNamed(String),
    /// The user pool of this name the stack creates.
    UserPool(String),
    /// The `AWS::ApiGateway::Resource` of the route `path` (`/orders/{id}`; not `/`, which
    /// API Gateway creates). Its place in the tree (`PathPart`, `ParentId`, `RestApiId`) is
    /// the builders' and can't be overridden.
    Resource(String),
    /// The invoke permission of a function, named as the integrations name it: its name,
    /// its literal ARN, the parameter giving its ARN, or the id of the raw function.
    Permission(String),
    /// The invoke permission of the function the method `verb` on the route `path` calls
    /// (shared by every method calling that function).
    PermissionOf(String, HttpMethod),
}

impl Generated {
    /// The method `verb` on the route `path`.
    pub fn method(path: impl Into<String>, verb: HttpMethod) -> Self {
        Generated::Method(path.into(), verb)
    }

    /// The authorizer named `name`.
    pub fn authorizer(name: impl Into<String>) -> Self {
        Generated::Authorizer(name.into())
    }

    /// The stage labelled `label` (its `id`, literal name or naming parameter).
    pub fn stage(label: impl Into<String>) -> Self {
        Generated::StageNamed(label.into())
    }

    /// The user pool named `name` that the stack creates.
    pub fn user_pool(name: impl Into<String>) -> Self {
        Generated::UserPool(name.into())
    }

    /// The API resource of the route `path`.
    pub fn resource(path: impl Into<String>) -> Self {
        Generated::Resource(path.into())
    }

    /// The invoke permission of `function` (a name, an ARN, an ARN parameter's name, or a
    /// raw function's id).
    pub fn permission(function: impl Into<String>) -> Self {
        Generated::Permission(function.into())
    }

    /// The invoke permission of the function the method `verb` on `path` calls.
    pub fn permission_of(path: impl Into<String>, verb: HttpMethod) -> Self {
        Generated::PermissionOf(path.into(), verb)
    }

    /// In words, for messages: `method POST /orders`.
    pub fn describe(&self) -> String {
        match self {
            Generated::RestApi => "the REST API".to_owned(),
            Generated::Method(path, verb) => format!("method {verb} {path}"),
            Generated::Authorizer(name) => format!("authorizer `{name}`"),
            Generated::Stage => "the stage".to_owned(),
            Generated::StageNamed(label) => format!("stage `{label}`"),
            Generated::UserPool(name) => format!("user pool `{name}`"),
            Generated::Resource(path) => format!("resource {path}"),
            Generated::Permission(function) => format!("the invoke permission of `{function}`"),
            Generated::PermissionOf(path, verb) => {
                format!("the invoke permission of the function {verb} {path} calls")
            }
        }
    }
}

/// A property override: `patch` merged into the properties of `target` as JSON Merge Patch
/// (RFC 7386) merges: maps key by key, `null` removes a property, anything else replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Override {
    pub(crate) target: Generated,
    pub(crate) patch: Json,
}
