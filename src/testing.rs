//! Generated APIs of any size, for the large-API tests and the benchmarks. Deterministic:
//! the same arguments give the same stack.

use crate::{
    CognitoUserPoolsAuthorizer, Cors, HttpMethod, Integration, Method, Parameter, RestApi, Stack,
    Stage, UserPool,
};

/// The verbs generated resources get, in order.
const VERBS: [HttpMethod; 5] = [
    HttpMethod::Get,
    HttpMethod::Post,
    HttpMethod::Put,
    HttpMethod::Patch,
    HttpMethod::Delete,
];

/// The path of generated resource `k`: ten resources per top-level service,
/// `/svc007`, `/svc007/{id}`, `/svc007/{id}/part1` … `/svc007/{id}/part8`.
pub fn resource_path(k: usize) -> String {
    let service = format!("/svc{:03}", k / 10);
    match k % 10 {
        0 => service,
        1 => format!("{service}/{{id}}"),
        j => format!("{service}/{{id}}/part{}", j - 1),
    }
}

/// A stack `name` whose API has `resources` resources (besides `/`) with `methods` methods
/// each (at most 5), behind one Cognito authorizer with CORS, each resource's methods
/// calling the resource's own Lambda function.
pub fn generated_stack(name: &str, resources: usize, methods: usize) -> Stack {
    let mut api = base_api(name);
    for k in 0..resources {
        let path = resource_path(k);
        let function = format!("fn-{}", k);
        for verb in VERBS.iter().take(methods) {
            api.add_route(&path, Method::new(*verb, Integration::lambda(&function)));
        }
    }
    stack(name, api)
}

/// A stack whose `resources × methods` methods all call the one function `function`.
pub fn one_function_stack(name: &str, resources: usize, methods: usize, function: &str) -> Stack {
    let mut api = base_api(name);
    for k in 0..resources {
        let path = resource_path(k);
        for verb in VERBS.iter().take(methods) {
            api.add_route(&path, Method::new(*verb, Integration::lambda(function)));
        }
    }
    stack(name, api)
}

fn base_api(name: &str) -> RestApi {
    let authorizer =
        CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_parameter("UserPoolArn"));
    RestApi::new(name)
        .default_authorizer(authorizer)
        .default_cors(Cors::new())
        .stage(Stage::new("prod"))
}

fn stack(name: &str, api: RestApi) -> Stack {
    Stack::new(name, api).parameter(Parameter::string("UserPoolArn"))
}
