//! Mock integrations: API Gateway answers by itself, without a backend.

/// A `MOCK` integration: API Gateway answers with a status code and a body of its own.
/// Made by [`Integration::mock`](crate::Integration::mock) (`200`, empty body) and
/// [`Integration::mock_response`](crate::Integration::mock_response).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockIntegration {
    pub(crate) status: u16,
    pub(crate) body: Option<String>,
}

impl Default for MockIntegration {
    fn default() -> Self {
        Self::new()
    }
}

impl MockIntegration {
    pub(crate) fn new() -> Self {
        Self {
            status: 200,
            body: None,
        }
    }

    /// The status code it answers with.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body it answers with (`application/json`), when it has one.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}
