//! Visiting the values of a resource: every [`Expr`] its properties hold.

use super::{Expr, Properties};

impl Properties {
    /// Every value in these properties, for reading references.
    pub fn exprs(&self) -> Vec<&Expr> {
        match self {
            Properties::RestApi(_) | Properties::UserPool(_) => Vec::new(),
            Properties::ApiResource(r) => vec![&r.parent_id, &r.rest_api_id],
            Properties::Method(m) => {
                let mut v = vec![&m.resource_id, &m.rest_api_id];
                v.extend(m.authorizer_id.as_ref());
                v.extend(m.integration.uri.as_ref());
                v
            }
            Properties::Authorizer(a) => {
                let mut v = vec![&a.rest_api_id];
                v.extend(a.provider_arns.iter());
                v
            }
            Properties::Deployment(d) => vec![&d.rest_api_id],
            Properties::Stage(s) => vec![&s.rest_api_id, &s.deployment_id],
            Properties::GatewayResponse(g) => vec![&g.rest_api_id],
            Properties::Permission(p) => vec![&p.function_name, &p.source_arn],
            Properties::UserPoolClient(c) => vec![&c.user_pool_id],
            Properties::NestedStack(n) => n.parameters.values().collect(),
        }
    }

    /// Every value in these properties, for rewriting references.
    pub fn exprs_mut(&mut self) -> Vec<&mut Expr> {
        match self {
            Properties::RestApi(_) | Properties::UserPool(_) => Vec::new(),
            Properties::ApiResource(r) => vec![&mut r.parent_id, &mut r.rest_api_id],
            Properties::Method(m) => {
                let mut v = vec![&mut m.resource_id, &mut m.rest_api_id];
                v.extend(m.authorizer_id.as_mut());
                v.extend(m.integration.uri.as_mut());
                v
            }
            Properties::Authorizer(a) => {
                let mut v = vec![&mut a.rest_api_id];
                v.extend(a.provider_arns.iter_mut());
                v
            }
            Properties::Deployment(d) => vec![&mut d.rest_api_id],
            Properties::Stage(s) => vec![&mut s.rest_api_id, &mut s.deployment_id],
            Properties::GatewayResponse(g) => vec![&mut g.rest_api_id],
            Properties::Permission(p) => vec![&mut p.function_name, &mut p.source_arn],
            Properties::UserPoolClient(c) => vec![&mut c.user_pool_id],
            Properties::NestedStack(n) => n.parameters.values_mut().collect(),
        }
    }
}
