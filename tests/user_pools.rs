//! User pools a stack creates: only administrators create their users unless the stack
//! turns self sign-up on (in Rust and in a stack file), cfn-lint accepts both, and turning
//! self sign-up on is an access-control change in `diff`, since anyone could then get a
//! token that passes the pool's authorizers.

use crate::support;

use std::path::Path;

use apigw_synth::review::{self, Subject};
use apigw_synth::stack_file;
use apigw_synth::{
    CognitoUserPoolsAuthorizer, Format, Integration, MachineClient, Method, PublicClient, RestApi,
    Stack, UserPool, render, synthesize,
};
use serde_json::Value as Json;

/// A stack whose authorizer trusts a pool it creates, with an app client.
fn stack(pool: UserPool) -> Stack {
    let customers = CognitoUserPoolsAuthorizer::new("customers").user_pool(pool.client("web"));
    let api = RestApi::new("orders")
        .default_authorizer(customers)
        .route("/orders", Method::get(Integration::lambda("list-orders")));
    Stack::new("orders", api)
}

/// The pool's `AdminCreateUserConfig` in `template`.
fn admin_create_user_config(template: &Json) -> Json {
    let resources = template["Resources"].as_object().unwrap();
    let (_, pool) = resources
        .iter()
        .find(|(_, r)| r["Type"] == "AWS::Cognito::UserPool")
        .expect("the stack creates a pool");
    pool["Properties"]["AdminCreateUserConfig"].clone()
}

fn json(stack: &Stack) -> Json {
    let text = render(&synthesize(stack).unwrap(), Format::Json);
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_created_pool_admits_only_users_that_administrators_create() {
    let template = json(&stack(UserPool::new("customers")));
    assert_eq!(
        admin_create_user_config(&template),
        serde_json::json!({ "AllowAdminCreateUserOnly": true })
    );
}

#[test]
fn self_sign_up_is_turned_on_by_the_stack_only() {
    let template = json(&stack(UserPool::new("customers").self_sign_up(true)));
    assert_eq!(
        admin_create_user_config(&template),
        serde_json::json!({ "AllowAdminCreateUserOnly": false })
    );
}

#[test]
fn a_stack_file_turns_self_sign_up_on_with_self_sign_up_true() {
    let file = |self_sign_up: &str| {
        format!(
            "api:
  name: orders
  authorizers:
    customers:
      cognito:
        createUserPools: [{{ name: customers, client: web{self_sign_up} }}]
  defaultAuthorizer: customers
  routes:
    /orders:
      GET: {{ lambda: list-orders }}
"
        )
    };
    let config = |text: &str| {
        let loaded = stack_file::load_str(Path::new("orders.yaml"), text).unwrap();
        let template = render(&loaded.synthesize().unwrap(), Format::Json);
        admin_create_user_config(&serde_json::from_str(&template).unwrap())
    };
    let only_admins = serde_json::json!({ "AllowAdminCreateUserOnly": true });
    assert_eq!(config(&file("")), only_admins);
    assert_eq!(config(&file(", selfSignUp: false")), only_admins);
    assert_eq!(
        config(&file(", selfSignUp: true")),
        serde_json::json!({ "AllowAdminCreateUserOnly": false })
    );
}

#[test]
fn turning_self_sign_up_on_is_an_access_control_change() {
    let old = synthesize(&stack(UserPool::new("customers"))).unwrap();
    let new = synthesize(&stack(UserPool::new("customers").self_sign_up(true))).unwrap();
    let diff = review::diff(&review::model_of(&old), &review::model_of(&new));
    assert!(diff.other.is_empty(), "{:?}", diff.other);
    let [change] = diff.access_control.as_slice() else {
        panic!("one access-control change: {:?}", diff.access_control);
    };
    assert!(
        matches!(&change.subject, Subject::Resource { resource_type, .. }
            if resource_type == "AWS::Cognito::UserPool"),
        "{change:?}"
    );
    let shown = format!("{:?} {:?}", change.old, change.new);
    assert!(shown.contains("true") && shown.contains("false"), "{shown}");
}

#[test]
fn both_settings_pass_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, self_sign_up) in [("admins-only", false), ("self-sign-up", true)] {
        let template = synthesize(&stack(
            UserPool::new("customers").self_sign_up(self_sign_up),
        ));
        let path = dir.path().join(format!("{name}.template.json"));
        std::fs::write(&path, render(&template.unwrap(), Format::Json)).unwrap();
        files.push(path);
    }
    let report = support::lint(&files);
    assert!(report.trim().is_empty(), "{report}");
}

/// A stack whose created pool protects methods requiring `orders/read`, `orders/write` and
/// Cognito's own `email`, with a plain client, a public client for the shop's web app and a
/// machine client for billing; and one method on an imported pool requiring `staff/admin`.
fn scoped_stack() -> Stack {
    let customers = CognitoUserPoolsAuthorizer::new("customers").user_pool(
        UserPool::new("shop-customers")
            .client("web")
            .domain_prefix("shop-login")
            .public_client(
                PublicClient::new("shop-web")
                    .callback_url("https://shop.example.com/callback")
                    .callback_url("http://localhost:3000/callback")
                    .logout_url("https://shop.example.com/")
                    .scopes(["openid", "email", "orders/read"]),
            )
            .machine_client(MachineClient::new("billing").scopes(["orders/read", "orders/write"])),
    );
    let staff = CognitoUserPoolsAuthorizer::new("staff").user_pool(UserPool::from_arn(
        "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123",
    ));
    let api = RestApi::new("orders")
        .default_authorizer(customers)
        .authorizer(staff)
        .route(
            "/orders",
            Method::get(Integration::lambda("list-orders")).scopes(["orders/read", "email"]),
        )
        .route(
            "/orders",
            Method::post(Integration::lambda("create-order")).scopes(["orders/write"]),
        )
        .route(
            "/admin",
            Method::delete(Integration::lambda("admin"))
                .authorizer("staff")
                .scopes(["staff/admin"]),
        );
    Stack::new("orders", api)
}

#[test]
fn a_created_pool_grants_the_scopes_its_methods_require_through_resource_servers() {
    let t = json(&scoped_stack());
    let servers: Vec<&Json> = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::Cognito::UserPoolResourceServer")
        .collect();
    assert_eq!(
        servers.len(),
        1,
        "orders only: staff's pool is not the stack's, email is Cognito's"
    );
    let p = &servers[0]["Properties"];
    assert_eq!(p["Identifier"], "orders");
    let names: Vec<&str> = p["Scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["ScopeName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["read", "write"]);
    assert!(
        p["UserPoolId"]["Ref"]
            .as_str()
            .unwrap()
            .starts_with("UserPoolShopCustomers")
    );
}

#[test]
fn resource_servers_domains_and_app_clients_pass_cfn_lint_checkov_and_stay_in_a_split_parent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scoped.template.json");
    std::fs::write(
        &path,
        render(&synthesize(&scoped_stack()).unwrap(), Format::Json),
    )
    .unwrap();
    let report = support::lint(std::slice::from_ref(&path));
    assert!(report.trim().is_empty(), "{report}");
    support::assert_checkov_clean(&[path]);
    let parts = apigw_synth::testing::split_templates(&scoped_stack(), 2).unwrap();
    assert!(parts.len() > 1);
    let parent = serde_json::to_value(&parts[0]).unwrap();
    let types: Vec<&Json> = parent["Resources"]
        .as_object()
        .unwrap()
        .values()
        .map(|r| &r["Type"])
        .collect();
    assert!(types.contains(&&Json::from("AWS::Cognito::UserPoolResourceServer")));
    let clients = types
        .iter()
        .filter(|t| **t == "AWS::Cognito::UserPoolClient")
        .count();
    assert_eq!(clients, 3, "every client beside its pool in the parent");
    assert!(parent["Outputs"]["UserPoolClientBillingId"].is_object());
}

/// The client named `name` in `template`: its logical id and its resource.
fn client<'t>(template: &'t Json, name: &str) -> (&'t str, &'t Json) {
    template["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, r)| {
            r["Type"] == "AWS::Cognito::UserPoolClient" && r["Properties"]["ClientName"] == name
        })
        .map(|(id, r)| (id.as_str(), r))
        .unwrap_or_else(|| panic!("client {name}"))
}

#[test]
fn a_public_client_has_no_secret_and_the_code_flow_with_its_urls_and_scopes() {
    let t = json(&scoped_stack());
    let (_, web) = client(&t, "shop-web");
    let p = &web["Properties"];
    assert_eq!(p["GenerateSecret"], false);
    assert_eq!(p["AllowedOAuthFlows"], serde_json::json!(["code"]));
    assert_eq!(p["AllowedOAuthFlowsUserPoolClient"], true);
    assert_eq!(
        p["AllowedOAuthScopes"],
        serde_json::json!(["openid", "email", "orders/read"])
    );
    assert_eq!(
        p["CallbackURLs"],
        serde_json::json!([
            "https://shop.example.com/callback",
            "http://localhost:3000/callback"
        ])
    );
    assert_eq!(
        p["LogoutURLs"],
        serde_json::json!(["https://shop.example.com/"])
    );
    assert_eq!(
        p["SupportedIdentityProviders"],
        serde_json::json!(["COGNITO"])
    );
    let depends_on = web["DependsOn"].as_array().expect("waits for its scopes");
    assert!(
        depends_on[0]
            .as_str()
            .unwrap()
            .starts_with("ResourceServerOrders")
    );
}

#[test]
fn a_machine_client_has_a_generated_secret_and_only_the_client_credentials_flow() {
    let t = json(&scoped_stack());
    let (_, billing) = client(&t, "billing");
    let p = &billing["Properties"];
    assert_eq!(p["GenerateSecret"], true);
    assert_eq!(
        p["AllowedOAuthFlows"],
        serde_json::json!(["client_credentials"])
    );
    assert_eq!(
        p["AllowedOAuthScopes"],
        serde_json::json!(["orders/read", "orders/write"])
    );
    assert_eq!(
        p["ExplicitAuthFlows"],
        serde_json::json!(["ALLOW_REFRESH_TOKEN_AUTH"])
    );
    assert!(p.get("CallbackURLs").is_none());
    assert!(billing["DependsOn"].is_array());
}

#[test]
fn outputs_name_the_pool_each_client_and_the_domain_and_never_a_secret() {
    let t = json(&scoped_stack());
    let outputs = t["Outputs"].as_object().unwrap();
    for (name, client_name) in [
        ("UserPoolClientWebId", "web"),
        ("UserPoolClientShopWebId", "shop-web"),
        ("UserPoolClientBillingId", "billing"),
    ] {
        let (id, _) = client(&t, client_name);
        assert_eq!(outputs[name]["Value"], serde_json::json!({ "Ref": id }));
    }
    assert!(outputs.contains_key("UserPoolShopCustomersId"));
    assert!(outputs.contains_key("UserPoolShopCustomersDomain"));
    let text = serde_json::to_string(outputs).unwrap();
    assert!(!text.contains("ClientSecret"), "{text}");
}

#[test]
fn a_stack_file_gives_the_same_clients_as_the_builders() {
    let text = "\
api:
  name: orders
  authorizers:
    customers:
      cognito:
        createUserPools:
          - name: shop-customers
            client: web
            domainPrefix: shop-login
            publicClients:
              - name: shop-web
                callbackUrls: [https://shop.example.com/callback, http://localhost:3000/callback]
                logoutUrls: [https://shop.example.com/]
                scopes: [openid, email, orders/read]
            machineClients:
              - name: billing
                scopes: [orders/read, orders/write]
    staff:
      cognito:
        userPoolArns: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123]
  defaultAuthorizer: customers
  routes:
    /orders:
      GET: { lambda: list-orders, scopes: [orders/read, email] }
      POST: { lambda: create-order, scopes: [orders/write] }
    /admin:
      DELETE: { lambda: admin, authorizer: staff, scopes: [staff/admin] }
";
    let loaded = stack_file::load_str(Path::new("orders.yaml"), text).unwrap();
    let from_file = render(&loaded.synthesize().unwrap(), Format::Json);
    assert_eq!(
        from_file,
        render(&synthesize(&scoped_stack()).unwrap(), Format::Json)
    );
}

#[test]
fn a_scope_granted_by_a_new_resource_server_is_access_control() {
    let base = stack(UserPool::new("orders-customers"));
    let customers = CognitoUserPoolsAuthorizer::new("customers")
        .user_pool(UserPool::new("orders-customers").client("web"));
    let scoped = Stack::new(
        "orders",
        RestApi::new("orders").default_authorizer(customers).route(
            "/orders",
            Method::get(Integration::lambda("list-orders")).scopes(["orders/read"]),
        ),
    );
    let d = review::diff(
        &review::model_of(&synthesize(&base).unwrap()),
        &review::model_of(&synthesize(&scoped).unwrap()),
    );
    assert!(
        d.access_control
            .iter()
            .any(|c| review::subject_text(c).contains("AWS::Cognito::UserPoolResourceServer")),
        "{d:?}"
    );
}

#[test]
fn a_created_pool_has_a_sound_password_policy_and_its_hosted_ui_domain_is_an_output() {
    let t = json(&stack(
        UserPool::new("orders-customers").domain_prefix("orders-login"),
    ));
    let resources = t["Resources"].as_object().unwrap();
    let pool = resources
        .values()
        .find(|r| r["Type"] == "AWS::Cognito::UserPool")
        .unwrap();
    assert_eq!(
        pool["Properties"]["Policies"]["PasswordPolicy"],
        serde_json::json!({"MinimumLength": 12, "RequireLowercase": true,
            "RequireUppercase": true, "RequireNumbers": true, "RequireSymbols": true,
            "TemporaryPasswordValidityDays": 7})
    );
    let domain = resources
        .values()
        .find(|r| r["Type"] == "AWS::Cognito::UserPoolDomain")
        .expect("a domain");
    assert_eq!(domain["Properties"]["Domain"], "orders-login");
    assert_eq!(
        t["Outputs"]["UserPoolOrdersCustomersDomain"]["Value"],
        serde_json::json!({"Fn::Sub": "https://orders-login.auth.${AWS::Region}.amazoncognito.com"})
    );
}

/// `scoped_stack` with the public client `shop-web` built by `web` instead, and the machine
/// client `billing` only when `billing`.
fn with_clients(web: PublicClient, billing: bool) -> Stack {
    let mut pool = UserPool::new("shop-customers").public_client(web);
    if billing {
        pool = pool.machine_client(MachineClient::new("billing").scope("orders/write"));
    }
    let api = RestApi::new("orders")
        .default_authorizer(CognitoUserPoolsAuthorizer::new("customers").user_pool(pool))
        .route(
            "/orders",
            Method::get(Integration::lambda("list-orders")).scopes(["orders/read"]),
        )
        .route(
            "/orders",
            Method::post(Integration::lambda("create-order")).scopes(["orders/write"]),
        );
    Stack::new("orders", api)
}

fn web() -> PublicClient {
    PublicClient::new("shop-web").callback_url("https://shop.example.com/callback")
}

/// The diff of two stacks' templates.
fn diff(old: &Stack, new: &Stack) -> review::Diff {
    review::diff(
        &review::model_of(&synthesize(old).unwrap()),
        &review::model_of(&synthesize(new).unwrap()),
    )
}

#[test]
fn a_client_s_callback_urls_logout_urls_and_scopes_are_access_control() {
    let base = with_clients(web(), true);
    for changed in [
        web().callback_url("https://evil.example.com/callback"),
        web().logout_url("https://shop.example.com/"),
        web().scope("orders/read"),
    ] {
        let d = diff(&base, &with_clients(changed, true));
        assert!(d.other.is_empty(), "{:?}", d.other);
        assert!(
            d.access_control
                .iter()
                .any(|c| review::subject_text(c).contains("AWS::Cognito::UserPoolClient")),
            "{d:?}"
        );
    }
}

#[test]
fn a_client_added_or_removed_is_access_control() {
    let with = with_clients(web(), true);
    let without = with_clients(web(), false);
    for d in [diff(&without, &with), diff(&with, &without)] {
        assert!(
            d.access_control
                .iter()
                .any(|c| review::subject_text(c).contains("AWS::Cognito::UserPoolClient")),
            "{d:?}"
        );
    }
}

#[test]
fn the_access_view_names_the_clients_that_can_get_a_method_s_scopes() {
    let model = review::model_of(&synthesize(&with_clients(web(), true)).unwrap());
    let text = review::render_access_text(&review::access_view(&model), false);
    let line = |verb: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{verb} /orders")))
            .unwrap_or_else(|| panic!("{verb} /orders in {text}"))
            .to_owned()
    };
    assert!(line("POST").ends_with("(client billing)"), "{text}");
    // No client may request `orders/read`: the view says so.
    assert!(
        line("GET").ends_with("which none of the pool's app clients may request"),
        "{text}"
    );
}
