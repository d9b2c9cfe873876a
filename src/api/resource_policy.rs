//! The API's resource policy: typed statements that allow or deny `execute-api:Invoke` by
//! source IP range, VPC, VPC endpoint, AWS account or principal, on chosen routes.

use super::{HttpMethod, Value};

/// Whether a statement allows or denies. An explicit deny always wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PolicyEffect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

impl PolicyEffect {
    /// `Allow` or `Deny`, as IAM writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyEffect::Allow => "Allow",
            PolicyEffect::Deny => "Deny",
        }
    }
}

/// Which callers a statement is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PolicyCallers {
    /// Every caller.
    Anyone,
    /// Callers whose source IP is (or, `negated`, is not) in one of the ranges.
    SourceIps {
        /// IPv4 or IPv6 addresses or CIDR ranges, as written.
        ranges: Vec<String>,
        /// `NotIpAddress` instead of `IpAddress`.
        negated: bool,
    },
    /// Callers coming (or not) through one of the VPCs.
    Vpcs {
        /// VPC ids (`vpc-…`).
        ids: Vec<Value>,
        /// `StringNotEquals` instead of `StringEquals`.
        negated: bool,
    },
    /// Callers coming (or not) through one of the VPC endpoints.
    VpcEndpoints {
        /// VPC endpoint ids (`vpce-…`).
        ids: Vec<Value>,
        /// `StringNotEquals` instead of `StringEquals`.
        negated: bool,
    },
    /// IAM principals of the accounts (12-digit ids).
    Accounts(Vec<Value>),
    /// IAM principals by ARN (roles, users).
    Principals(Vec<Value>),
}

/// One route a statement covers: a method of a path, or every method of a path and of
/// every path under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PolicyRoute {
    pub(crate) path: String,
    /// None: every method on the path and below it.
    pub(crate) verb: Option<HttpMethod>,
}

/// A statement of the API's resource policy: the console's "Resource policy" page, one
/// statement at a time. Required: allow or deny. Options: which callers (default: anyone)
/// and which routes (default: the whole API).
///
/// ```
/// use apigw_synth::{HttpMethod, PolicyStatement};
/// // Only the office may call POST /orders (with its authorizer still checking who).
/// let office = PolicyStatement::deny()
///     .not_source_ips(["203.0.113.0/24", "2001:db8::/32"])
///     .route("/orders", HttpMethod::Post);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyStatement {
    pub(crate) effect: PolicyEffect,
    pub(crate) callers: PolicyCallers,
    pub(crate) routes: Vec<PolicyRoute>,
}

impl PolicyStatement {
    /// A statement that allows the callers it names. On an API with a resource policy, a
    /// public method is reachable only by callers some statement allows; a method with an
    /// authorizer or IAM is still checked by them.
    pub fn allow() -> Self {
        Self::new(PolicyEffect::Allow)
    }

    /// A statement that denies the callers it names, whatever else allows them.
    pub fn deny() -> Self {
        Self::new(PolicyEffect::Deny)
    }

    fn new(effect: PolicyEffect) -> Self {
        Self {
            effect,
            callers: PolicyCallers::Anyone,
            routes: Vec::new(),
        }
    }

    /// Callers whose source IP is in one of `ranges` (IPv4 or IPv6 addresses or CIDR
    /// ranges: `203.0.113.0/24`, `2001:db8::/32`). Default: anyone.
    pub fn source_ips<I, S>(mut self, ranges: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.callers = PolicyCallers::SourceIps {
            ranges: ranges.into_iter().map(Into::into).collect(),
            negated: false,
        };
        self
    }

    /// Callers whose source IP is in none of `ranges`: with [`deny`](Self::deny), only
    /// those ranges get through.
    pub fn not_source_ips<I, S>(mut self, ranges: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.callers = PolicyCallers::SourceIps {
            ranges: ranges.into_iter().map(Into::into).collect(),
            negated: true,
        };
        self
    }

    /// Callers coming through one of the VPCs `ids` (`vpc-…`). Default: anyone.
    pub fn source_vpcs<I: IntoIterator<Item = V>, V: Into<Value>>(mut self, ids: I) -> Self {
        self.callers = PolicyCallers::Vpcs {
            ids: ids.into_iter().map(Into::into).collect(),
            negated: false,
        };
        self
    }

    /// Callers not coming through any of the VPCs `ids`.
    pub fn not_source_vpcs<I: IntoIterator<Item = V>, V: Into<Value>>(mut self, ids: I) -> Self {
        self.callers = PolicyCallers::Vpcs {
            ids: ids.into_iter().map(Into::into).collect(),
            negated: true,
        };
        self
    }

    /// Callers coming through one of the VPC endpoints `ids` (`vpce-…`). Default: anyone.
    pub fn source_vpc_endpoints<I: IntoIterator<Item = V>, V: Into<Value>>(
        mut self,
        ids: I,
    ) -> Self {
        self.callers = PolicyCallers::VpcEndpoints {
            ids: ids.into_iter().map(Into::into).collect(),
            negated: false,
        };
        self
    }

    /// Callers not coming through any of the VPC endpoints `ids`.
    pub fn not_source_vpc_endpoints<I: IntoIterator<Item = V>, V: Into<Value>>(
        mut self,
        ids: I,
    ) -> Self {
        self.callers = PolicyCallers::VpcEndpoints {
            ids: ids.into_iter().map(Into::into).collect(),
            negated: true,
        };
        self
    }

    /// IAM principals of the AWS accounts `ids` (12 digits). Default: anyone.
    pub fn accounts<I: IntoIterator<Item = V>, V: Into<Value>>(mut self, ids: I) -> Self {
        self.callers = PolicyCallers::Accounts(ids.into_iter().map(Into::into).collect());
        self
    }

    /// The IAM principals `arns` (`arn:aws:iam::123456789012:role/partner`). Default:
    /// anyone.
    pub fn principals<I: IntoIterator<Item = V>, V: Into<Value>>(mut self, arns: I) -> Self {
        self.callers = PolicyCallers::Principals(arns.into_iter().map(Into::into).collect());
        self
    }

    /// Cover `method` on `path` (a route of the API, e.g. `/orders/{id}`). Default: the
    /// whole API.
    pub fn route(mut self, path: impl Into<String>, method: HttpMethod) -> Self {
        self.routes.push(PolicyRoute {
            path: path.into(),
            verb: Some(method),
        });
        self
    }

    /// Cover every method of `path` and of every route under it. Default: the whole API.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.routes.push(PolicyRoute {
            path: path.into(),
            verb: None,
        });
        self
    }
}
