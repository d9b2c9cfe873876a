//! The values a resource holds that may refer to other resources or parameters: every
//! [`Expr`] in its properties, as each property type declares them next to its fields
//! (with [`references!`]). Reading them finds a resource's dependencies; rewriting them is
//! how the nested-stack split points a reference at a parameter.

use std::collections::BTreeMap;

use super::Expr;

/// A part of a template that may hold references: it hands out every [`Expr`] it holds.
///
/// Each property type implements it with the crate's `references!` macro, right after its
/// fields, naming each field as holding references or not; the two lists become a pattern
/// without `..`, so a field added to the struct is a compile error until it is declared one
/// or the other.
pub trait References {
    /// Pushes every `Expr` held, in field order, onto `out`.
    fn exprs<'a>(&'a self, out: &mut Vec<&'a Expr>);

    /// Pushes a mutable borrow of every `Expr` held, in field order, onto `out`.
    fn exprs_mut<'a>(&'a mut self, out: &mut Vec<&'a mut Expr>);
}

impl References for Expr {
    fn exprs<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        out.push(self);
    }

    fn exprs_mut<'a>(&'a mut self, out: &mut Vec<&'a mut Expr>) {
        out.push(self);
    }
}

impl<T: References> References for Option<T> {
    fn exprs<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        if let Some(value) = self {
            value.exprs(out);
        }
    }

    fn exprs_mut<'a>(&'a mut self, out: &mut Vec<&'a mut Expr>) {
        if let Some(value) = self {
            value.exprs_mut(out);
        }
    }
}

impl<T: References> References for Vec<T> {
    fn exprs<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        for value in self {
            value.exprs(out);
        }
    }

    fn exprs_mut<'a>(&'a mut self, out: &mut Vec<&'a mut Expr>) {
        for value in self {
            value.exprs_mut(out);
        }
    }
}

/// The values of a map (its keys are names, never references).
impl<K, T: References> References for BTreeMap<K, T> {
    fn exprs<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        for value in self.values() {
            value.exprs(out);
        }
    }

    fn exprs_mut<'a>(&'a mut self, out: &mut Vec<&'a mut Expr>) {
        for value in self.values_mut() {
            value.exprs_mut(out);
        }
    }
}

/// Implements [`References`] for a struct from the list of its fields: those that hold
/// references first, then (after `;`) those that hold none.
///
/// ```text
/// references!(Stage { rest_api_id, deployment_id; stage_name, description, variables, tracing_enabled });
/// ```
///
/// Both lists together must name every field: they become a pattern without `..`.
macro_rules! references {
    ($ty:ident { $($field:ident),* $(,)? ; $($plain:ident),* $(,)? }) => {
        impl $crate::cfn::References for $ty {
            fn exprs<'a>(&'a self, out: &mut Vec<&'a $crate::cfn::Expr>) {
                let $ty { $($field,)* $($plain: _,)* } = self;
                $($crate::cfn::References::exprs($field, out);)*
                let _ = out;
            }

            fn exprs_mut<'a>(&'a mut self, out: &mut Vec<&'a mut $crate::cfn::Expr>) {
                let $ty { $($field,)* $($plain: _,)* } = self;
                $($crate::cfn::References::exprs_mut($field, out);)*
                let _ = out;
            }
        }
    };
}
pub(crate) use references;
