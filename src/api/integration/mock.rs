//! Mock integrations: API Gateway answers by itself, without a backend.

/// A `MOCK` integration answering `200` with an empty body. Made by
/// [`Integration::mock`](crate::Integration::mock).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockIntegration {}

impl MockIntegration {
    pub(crate) fn new() -> Self {
        Self {}
    }
}
