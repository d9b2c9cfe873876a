//! The gateway being served, replaced whole when `serve --watch` reloads: each request takes
//! the current one when it starts and finishes on it, so a request in flight during a reload
//! ends on the API it began on, and the next one sees the new API.

use std::sync::{Arc, PoisonError, RwLock};

use super::Gateway;

/// The gateway being served.
#[derive(Debug)]
pub struct Served {
    current: RwLock<Arc<Gateway>>,
}

impl Served {
    /// Serves `gateway`.
    pub fn new(gateway: Gateway) -> Self {
        Self {
            current: RwLock::new(Arc::new(gateway)),
        }
    }

    /// The gateway a request starting now is served by.
    pub fn current(&self) -> Arc<Gateway> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Serves `gateway` from the next request on.
    pub fn replace(&self, gateway: Gateway) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(gateway);
    }
}
