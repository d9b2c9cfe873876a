//! App clients: each `PublicClientSpec` and `MachineClientSpec` into a client of its pool.

use crate::{MachineClient, PublicClient, UserPool};

use super::super::format::{MachineClientSpec, PublicClientSpec};
use super::super::load::Loader;

/// `at` with `parts` after it.
fn under(at: &[String], parts: &[&str]) -> Vec<String> {
    let mut p = at.to_vec();
    p.extend(parts.iter().map(|s| (*s).to_owned()));
    p
}

impl Loader {
    /// `pool` (written at `at`) with the clients of `public` and `machine`; each client's
    /// name and scopes are remembered where they were written, to place their problems.
    pub(super) fn app_clients(
        &mut self,
        mut pool: UserPool,
        public: Vec<PublicClientSpec>,
        machine: Vec<MachineClientSpec>,
        at: &[String],
    ) -> UserPool {
        for (i, spec) in public.into_iter().enumerate() {
            let PublicClientSpec {
                name,
                callback_urls,
                logout_urls,
                scopes,
            } = spec;
            let client_at = under(at, &["publicClients", &i.to_string()]);
            self.client_name_and_scopes(&name, &scopes, &client_at);
            let mut client = PublicClient::new(name).scopes(scopes);
            for (j, url) in callback_urls.into_iter().enumerate() {
                let v = self.value(url, under(&client_at, &["callbackUrls", &j.to_string()]));
                client = client.callback_url(v);
            }
            for (j, url) in logout_urls.into_iter().enumerate() {
                let v = self.value(url, under(&client_at, &["logoutUrls", &j.to_string()]));
                client = client.logout_url(v);
            }
            pool = pool.public_client(client);
        }
        for (i, spec) in machine.into_iter().enumerate() {
            let MachineClientSpec { name, scopes } = spec;
            let client_at = under(at, &["machineClients", &i.to_string()]);
            self.client_name_and_scopes(&name, &scopes, &client_at);
            pool = pool.machine_client(MachineClient::new(name).scopes(scopes));
        }
        pool
    }

    /// Remembers where the client at `at` wrote its name and each scope.
    fn client_name_and_scopes(&mut self, name: &str, scopes: &[String], at: &[String]) {
        self.values.push((name.to_owned(), under(at, &["name"])));
        for (j, scope) in scopes.iter().enumerate() {
            self.values
                .push((scope.clone(), under(at, &["scopes", &j.to_string()])));
        }
    }
}
