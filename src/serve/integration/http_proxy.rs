//! The `HTTP_PROXY` integration, as API Gateway forwards it: the method request's headers,
//! query string and body go to the integration's URL, its `{name}` placeholders filled by
//! the integration's request parameters (`integration.request.path.id` ←
//! `method.request.path.id`), and the backend's answer comes back as it is. Request
//! parameters mapping headers or query strings add to what passes through. `https://`
//! backends are called through [`BackendTls`].

use std::collections::BTreeMap;
use std::time::Duration;

use hyper::body::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::backend_tls::BackendTls;
use super::transport;
use crate::serve::event::RequestFacts;

/// Headers that belong to one connection and are never forwarded.
const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
];

/// What a path parameter's value keeps unencoded in the URL (a greedy `{proxy+}` keeps `/`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// An `HTTP_PROXY` integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpProxy {
    /// The URL with its `{name}` placeholders.
    pub url: String,
    /// `IntegrationHttpMethod`: the method to call with (`ANY`: the request's).
    pub method: String,
    /// The request parameters: `integration.request.<where>.<name>` and its source.
    pub parameters: BTreeMap<String, String>,
}

/// The request to send to the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The URL, filled, with the query string.
    pub url: String,
    /// The method.
    pub method: String,
    /// The headers.
    pub headers: Vec<(String, String)>,
}

/// The backend's answer, or why there is none.
#[derive(Debug)]
pub enum ProxyError {
    /// No answer within the timeout (API Gateway's 504).
    Timeout,
    /// The call failed, and why.
    Failed(String),
}

impl HttpProxy {
    /// The integration from a method's details (`Integration.Uri`,
    /// `Integration.IntegrationHttpMethod`, `Integration.RequestParameters.*`), values filled.
    pub fn from_details(url: String, details: &BTreeMap<String, String>) -> Self {
        let parameters = details
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("Integration.RequestParameters.")
                    .map(|target| (target.to_owned(), v.clone()))
            })
            .collect();
        Self {
            url,
            method: details
                .get("Integration.IntegrationHttpMethod")
                .cloned()
                .unwrap_or_else(|| "ANY".to_owned()),
            parameters,
        }
    }

    /// The request forwarded for `facts`; the error names a placeholder nothing fills.
    pub fn outgoing(&self, facts: &RequestFacts) -> Result<Outgoing, String> {
        let mut path_values = BTreeMap::new();
        let mut headers: Vec<(String, String)> = facts
            .headers
            .iter()
            .filter(|(name, _)| !HOP_BY_HOP.contains(&name.to_ascii_lowercase().as_str()))
            .cloned()
            .collect();
        let mut query = facts.query.clone();
        for (target, source) in &self.parameters {
            let Some(value) = source_value(source, facts) else {
                continue;
            };
            if let Some(name) = target.strip_prefix("integration.request.path.") {
                path_values.insert(name.to_owned(), value);
            } else if let Some(name) = target.strip_prefix("integration.request.header.") {
                headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                headers.push((name.to_owned(), value));
            } else if let Some(name) = target.strip_prefix("integration.request.querystring.") {
                query.retain(|(n, _)| n != name);
                query.push((name.to_owned(), value));
            }
        }
        let mut url = fill_placeholders(&self.url, &path_values)?;
        if !query.is_empty() {
            let pairs: Vec<String> = query
                .iter()
                .map(|(n, v)| {
                    format!(
                        "{}={}",
                        utf8_percent_encode(n, SEGMENT),
                        utf8_percent_encode(v, SEGMENT)
                    )
                })
                .collect();
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&pairs.join("&"));
        }
        let method = if self.method.eq_ignore_ascii_case("ANY") {
            facts.method.clone()
        } else {
            self.method.clone()
        };
        Ok(Outgoing {
            url,
            method,
            headers,
        })
    }
}

/// The value a request parameter's source gives: `method.request.{path,querystring,header}.N`,
/// `stageVariables.N`, `context.requestId`, or a `'static'` value; `None` when the request
/// has none.
pub(super) fn source_value(source: &str, facts: &RequestFacts) -> Option<String> {
    if let Some(literal) = source.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return Some(literal.to_owned());
    }
    if let Some(name) = source.strip_prefix("method.request.path.") {
        return facts.path_parameters.get(name).cloned();
    }
    if let Some(name) = source.strip_prefix("method.request.querystring.") {
        return facts
            .query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone());
    }
    if let Some(name) = source.strip_prefix("method.request.header.") {
        return facts
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone());
    }
    if let Some(name) = source.strip_prefix("stageVariables.") {
        return facts.stage_variables.get(name).cloned();
    }
    match source {
        "context.requestId" => Some(facts.request_id.clone()),
        "context.stage" => Some(facts.stage.clone()),
        "context.identity.sourceIp" => Some(facts.source_ip.clone()),
        _ => None,
    }
}

/// `url` with each `{name}` (or `{name+}`) replaced by its value, encoded; a greedy value
/// keeps its `/`.
pub(super) fn fill_placeholders(
    url: &str,
    values: &BTreeMap<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let inner = &rest[start + 1..start + end];
        let (name, greedy) = match inner.strip_suffix('+') {
            Some(name) => (name, true),
            None => (inner, false),
        };
        let value = values
            .get(name)
            .ok_or_else(|| format!("no request parameter fills {{{inner}}} of {url}"))?;
        if greedy || name == "proxy" {
            let segments: Vec<String> = value
                .split('/')
                .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
                .collect();
            out.push_str(&segments.join("/"));
        } else {
            out.extend(utf8_percent_encode(value, SEGMENT));
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Sends `outgoing` with `body` (over `tls` to an `https://` URL), waiting at most
/// `timeout`; the backend's status, headers (those of the connection left out) and body.
pub async fn forward(
    outgoing: &Outgoing,
    body: Vec<u8>,
    timeout: Duration,
    tls: &BackendTls,
) -> Result<(u16, Vec<(String, String)>, Bytes), ProxyError> {
    let (url, method, headers) = (&outgoing.url, &outgoing.method, &outgoing.headers);
    let call = async {
        if url.starts_with("https://") {
            tls.send(url, method, headers, body).await
        } else {
            transport::send(url, method, headers, body).await
        }
    };
    let answer = match tokio::time::timeout(timeout, call).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(why)) => return Err(ProxyError::Failed(why)),
        Err(_) => return Err(ProxyError::Timeout),
    };
    let headers = answer
        .headers
        .iter()
        .filter(|(name, _)| {
            let name = name.as_str();
            !HOP_BY_HOP.contains(&name) && name != "content-length"
        })
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    Ok((answer.status.as_u16(), headers, answer.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> RequestFacts {
        RequestFacts {
            method: "GET".to_owned(),
            path: "/orders/4 2".to_owned(),
            resource: "/orders/{id}".to_owned(),
            headers: vec![
                ("Accept".to_owned(), "application/json".to_owned()),
                ("Connection".to_owned(), "keep-alive".to_owned()),
            ],
            query: vec![("q".to_owned(), "a b".to_owned())],
            path_parameters: BTreeMap::from([("id".to_owned(), "4 2".to_owned())]),
            ..RequestFacts::default()
        }
    }

    fn proxy(url: &str, parameters: &[(&str, &str)]) -> HttpProxy {
        HttpProxy {
            url: url.to_owned(),
            method: "ANY".to_owned(),
            parameters: parameters
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn a_path_placeholder_is_filled_by_its_request_parameter_and_the_query_passes_through() {
        let p = proxy(
            "http://127.0.0.1:9/orders/{id}",
            &[("integration.request.path.id", "method.request.path.id")],
        );
        let out = p.outgoing(&facts()).unwrap();
        assert_eq!(out.url, "http://127.0.0.1:9/orders/4%202?q=a%20b");
        assert_eq!(out.method, "GET");
        assert_eq!(
            out.headers,
            vec![("Accept".to_owned(), "application/json".to_owned())]
        );
    }

    #[test]
    fn mapped_headers_and_static_values_are_added() {
        let p = proxy(
            "http://127.0.0.1:9/x",
            &[
                ("integration.request.header.X-Tenant", "'shop'"),
                (
                    "integration.request.querystring.id",
                    "method.request.path.id",
                ),
            ],
        );
        let out = p.outgoing(&facts()).unwrap();
        assert!(
            out.headers
                .contains(&("X-Tenant".to_owned(), "shop".to_owned()))
        );
        assert_eq!(out.url, "http://127.0.0.1:9/x?q=a%20b&id=4%202");
    }

    #[test]
    fn a_greedy_placeholder_keeps_its_slashes() {
        let mut f = facts();
        f.path_parameters = BTreeMap::from([("proxy".to_owned(), "a/b c".to_owned())]);
        f.query.clear();
        let p = proxy(
            "http://127.0.0.1:9/{proxy}",
            &[(
                "integration.request.path.proxy",
                "method.request.path.proxy",
            )],
        );
        assert_eq!(p.outgoing(&f).unwrap().url, "http://127.0.0.1:9/a/b%20c");
    }

    #[test]
    fn a_placeholder_no_parameter_fills_is_an_error() {
        let p = proxy("http://127.0.0.1:9/orders/{id}", &[]);
        assert!(p.outgoing(&facts()).unwrap_err().contains("{id}"));
    }
}
