//! API Gateway's own limits on a route, from its quotas for REST APIs
//! (<https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html>):
//! the length of a request's URL, and of an authorized method's ARN. A route past them can
//! never be called, so it is an error at synth; checking them while the tree is walked
//! also stops a hostile route of any length after the first part past the limit.
//!
//! The lengths are the shortest a request can have (the shortest region, `aws` partition,
//! one character per path parameter value), so a route is refused only when no request
//! could ever reach it.

use crate::api::{EndpointType, HttpMethod};

/// The longest URL of a request to a regional API, in characters.
pub(crate) const MAX_URL_REGIONAL: usize = 10_240;

/// The longest URL of a request to an edge-optimized or a private API, in characters.
pub(crate) const MAX_URL_EDGE_OR_PRIVATE: usize = 8_192;

/// The longest ARN of a method with authorization, in bytes (longer: `414 Request-URI Too
/// Long`).
pub(crate) const MAX_AUTHORIZED_ARN: usize = 1_600;

/// The longest shortest-path (see [`shortest_part`]) a route can have on any API: past it,
/// no stage name or endpoint type makes its URL short enough. The builders stop building a
/// route there (synth reports it at that part), so a hostile route costs no more than a
/// valid one.
pub(crate) const LONGEST_PATH: usize = MAX_URL_REGIONAL - shortest_url("", 0);

/// A REST API's id, as `RestApiId` returns it.
const API_ID: usize = 10;

/// The shortest region code (`us-east-1`).
const SHORTEST_REGION: usize = 9;

/// An AWS account id.
const ACCOUNT_ID: usize = 12;

/// The longest URL a request to an API of `endpoint` may have, and the endpoint's name.
pub(crate) fn max_url(endpoint: EndpointType) -> (usize, &'static str) {
    match endpoint {
        EndpointType::Regional => (MAX_URL_REGIONAL, "regional"),
        EndpointType::Edge => (MAX_URL_EDGE_OR_PRIVATE, "edge-optimized"),
        EndpointType::Private => (MAX_URL_EDGE_OR_PRIVATE, "private"),
    }
}

/// The shortest URL of a request to a resource whose shortest path (from its leading `/`)
/// has `path` characters, on stage `stage`:
/// `https://<api id>.execute-api.<region>.amazonaws.com/<stage><path>`.
pub(crate) const fn shortest_url(stage: &str, path: usize) -> usize {
    "https://".len()
        + API_ID
        + ".execute-api.".len()
        + SHORTEST_REGION
        + ".amazonaws.com/".len()
        + stage.len()
        + path
}

/// The shortest ARN of a `verb` method whose resource's shortest path has `path`
/// characters, on stage `stage`:
/// `arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<VERB><path>`. `ANY` is called
/// with a real method, at least three letters (`GET`).
pub(crate) fn shortest_method_arn(stage: &str, verb: HttpMethod, path: usize) -> usize {
    let verb = match verb {
        HttpMethod::Any => "GET".len(),
        v => v.as_str().len(),
    };
    "arn:aws:execute-api:".len()
        + SHORTEST_REGION
        + 1
        + ACCOUNT_ID
        + 1
        + API_ID
        + 1
        + stage.len()
        + 1
        + verb
        + path
}

/// The characters `part` takes in the shortest request path: a literal is itself, a path
/// parameter (`{id}`, `{proxy+}`) matches at least one character.
pub(crate) fn shortest_part(part: &str, is_parameter: bool) -> usize {
    if is_parameter { 1 } else { part.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortest_url_is_the_invoke_url_with_the_shortest_region() {
        let url = "https://abcdefghij.execute-api.us-east-1.amazonaws.com/prod/items";
        assert_eq!(shortest_url("prod", "/items".len()), url.len());
    }

    #[test]
    fn the_shortest_arn_is_that_of_the_shortest_region_and_partition() {
        let arn = "arn:aws:execute-api:us-east-1:123456789012:abcdefghij/prod/GET/items";
        assert_eq!(
            shortest_method_arn("prod", HttpMethod::Get, "/items".len()),
            arn.len()
        );
        assert_eq!(
            shortest_method_arn("prod", HttpMethod::Any, "/items".len()),
            arn.len()
        );
    }
}
