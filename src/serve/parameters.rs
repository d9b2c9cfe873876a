//! Template values at serve time: the `${Name}` placeholders the review model leaves in its
//! text, filled with parameter values (given with `--parameter`, else the defaults), pseudo
//! parameters, and the local ids of the user pools and clients the template creates.

use std::collections::BTreeMap;

use crate::review::TemplateModel;

/// The account id `${AWS::AccountId}` stands for locally.
pub const LOCAL_ACCOUNT: &str = "123456789012";

/// What each placeholder stands for.
#[derive(Debug, Clone, Default)]
pub struct Values {
    by_name: BTreeMap<String, String>,
}

impl Values {
    /// The values of `model`'s parameters (`given` first, else each default), the pseudo
    /// parameters for `region`, and the local ids of the pools and clients it creates (see
    /// [`local_pool_id`] and [`local_client_id`]).
    pub fn new(model: &TemplateModel, given: &BTreeMap<String, String>, region: &str) -> Self {
        let mut by_name = BTreeMap::new();
        for (name, fields) in &model.parameters {
            if let Some(default) = fields.get("Default") {
                by_name.insert(name.clone(), default.clone());
            }
        }
        for (name, value) in given {
            by_name.insert(name.clone(), value.clone());
        }
        for (name, value) in [
            ("AWS::Region", region),
            ("AWS::AccountId", LOCAL_ACCOUNT),
            ("AWS::Partition", "aws"),
            ("AWS::URLSuffix", "amazonaws.com"),
        ] {
            by_name.insert(name.to_owned(), value.to_owned());
        }
        for (id, other) in &model.others {
            let name = |key: &str| other.details.get(key).cloned();
            match other.resource_type.as_str() {
                "AWS::Cognito::UserPool" => {
                    let pool =
                        local_pool_id(region, name("Properties.UserPoolName").as_deref(), id);
                    let arn =
                        format!("arn:aws:cognito-idp:{region}:{LOCAL_ACCOUNT}:userpool/{pool}");
                    by_name.insert(format!("{id}.Arn"), arn);
                    by_name.insert(
                        format!("{id}.ProviderURL"),
                        format!("https://cognito-idp.{region}.amazonaws.com/{pool}"),
                    );
                    by_name.insert(id.clone(), pool);
                }
                "AWS::Cognito::UserPoolClient" => {
                    let client = local_client_id(name("Properties.ClientName").as_deref(), id);
                    by_name.insert(format!("{id}.ClientId"), client.clone());
                    by_name.insert(id.clone(), client);
                }
                _ => {}
            }
        }
        Self { by_name }
    }

    /// `text` with every `${Name}` it can fill filled; the first it can't is the error.
    pub fn fill(&self, text: &str) -> Result<String, String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return Ok(out);
            };
            let inner = &after[..end];
            match inner.strip_prefix('!') {
                Some(literal) => {
                    out.push_str("${");
                    out.push_str(literal);
                    out.push('}');
                }
                None => match self.by_name.get(inner) {
                    Some(v) => out.push_str(v),
                    None => return Err(inner.to_owned()),
                },
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// The local id of a pool the template creates: `{region}_{name}`, its name's letters and
/// digits (else its logical id), as real pool ids are `{region}_{letters and digits}`.
pub fn local_pool_id(region: &str, name: Option<&str>, logical_id: &str) -> String {
    let name: String = name
        .unwrap_or(logical_id)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{region}_{name}")
}

/// The local id of a client the template creates: its `ClientName`, else its logical id.
pub fn local_client_id(name: Option<&str>, logical_id: &str) -> String {
    name.unwrap_or(logical_id).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_take_given_values_before_defaults_and_pseudo_parameters() {
        let mut model = TemplateModel::default();
        model.parameters.insert(
            "Stage".to_owned(),
            BTreeMap::from([("Default".to_owned(), "qa".to_owned())]),
        );
        let given = BTreeMap::from([("Origin".to_owned(), "https://a.example".to_owned())]);
        let v = Values::new(&model, &given, "eu-west-1");
        assert_eq!(
            v.fill("${Stage}/${Origin}/${AWS::Region}/${!Lit}").unwrap(),
            "qa/https://a.example/eu-west-1/${Lit}"
        );
        assert_eq!(v.fill("x${Missing}").unwrap_err(), "Missing");
    }
}
