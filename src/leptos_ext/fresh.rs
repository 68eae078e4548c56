//! Views that a new value replaces rather than updates.
//!
//! When a reactive view runs again with the same branch (one article after another), tachys
//! `rebuild`s it: it compares and patches every text, attribute and list of the old view with the
//! new one, and that patching code is compiled for every element of the view. When every value is
//! new anyway, building the new view and swapping it in does the same, and the patching code of the
//! whole view is never compiled. [`Fresh`] makes `rebuild` that swap.

use leptos::tachys::view::{Mountable, Render};

/// A view rebuilt by building it anew in place of the old one.
pub struct Fresh<T>(pub T);

impl<T: Render> Render for Fresh<T> {
    type State = T::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut new = self.0.build();
        state.insert_before_this(&mut new);
        state.unmount();
        *state = new;
    }
}

// Its HTML and hydration are the wrapped view's.
crate::leptos_ext::erase::delegate_html!(Fresh);
