//! Method responses: what a method declares it answers, and the model of each response's
//! body.

use super::Method;

/// The model a method declares for the body of one of its responses: the response with
/// `status`, of `content_type`, matches `model`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResponseModel {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) model: String,
}

impl Method {
    /// The model (by name, declared with `RestApi::model`, inline or from a Rust type) of
    /// the body of the response with `status` (100 to 599) for `content_type`. API Gateway
    /// checks no response against it: it documents the answer, in generated SDKs and in the
    /// OpenAPI export. The response is declared even where the integration maps none to it
    /// (a Lambda proxy answers whatever its function returns). Default: none.
    ///
    /// ```
    /// use apigw_synth::{Integration, Method};
    /// let get = Method::get(Integration::lambda("get-product"))
    ///     .response_model(200, "application/json", "Product")
    ///     .response_model(404, "application/json", "Error");
    /// ```
    pub fn response_model(
        mut self,
        status: u16,
        content_type: impl Into<String>,
        model: impl Into<String>,
    ) -> Self {
        self.response_models.push(ResponseModel {
            status,
            content_type: content_type.into(),
            model: model.into(),
        });
        self
    }
}
