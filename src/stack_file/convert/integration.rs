//! Integrations: the one integration a method gives (`lambda`, `lambdaArn` or `mock`) into
//! an [`Integration`].

use crate::Integration;

use super::super::LoadProblemKind;
use super::super::format::{LambdaResourceSpec, LambdaSpec, ValueSpec};
use super::super::load::{Loader, path_of};

/// A method's integration fields, each naming a kind.
pub(super) struct IntegrationSpec {
    pub(super) lambda: Option<LambdaSpec>,
    pub(super) lambda_arn: Option<ValueSpec>,
    pub(super) mock: bool,
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
        if integrations.len() != 1 {
            let message = format!(
                "give exactly one integration: `lambda`, `lambdaArn` or `mock: true` ({} given)",
                integrations.len()
            );
            self.problem(at, true, LoadProblemKind::Integration, message);
            return None;
        }
        integrations.pop()
    }
}
