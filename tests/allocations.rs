//! The hot path allocates nothing per document once its buffers have grown, nor
//! per match: counted with an allocator that counts each thread's allocations
//! (so the tests running beside do not disturb the count).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use entgraph::normalize::eq_cased;
use entgraph::{Matcher, Normalized};

use crate::util::rules_gazetteer;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call goes straight to the system allocator; the count is a
// thread-local `Cell` without a destructor, which allocates nothing itself.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's promises about `layout` are passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: as for `dealloc`, and the caller's promises about `new_size`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Allocations `f` makes on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn case_sensitive_checks_allocate_nothing() {
    // The first check on a thread grows the buffer the thread keeps; after that,
    // checks of matches no longer than the longest seen allocate nothing.
    assert!(eq_cased("U.S.A.", "USA"));
    assert_eq!(allocations(|| assert!(eq_cased("U.S", "US"))), 0);
    assert_eq!(allocations(|| assert!(!eq_cased("u.s", "US"))), 0);
    assert_eq!(allocations(|| assert!(eq_cased("U.S.A", "USA"))), 0);
}

#[test]
fn matching_a_document_again_allocates_nothing() {
    let g = rules_gazetteer();
    let matcher = Matcher::new(&g).unwrap();
    let text =
        "The U.S. and the U.S.A. met China; Xi Jinping and Vladimir Putin talked. ".repeat(20);
    let mut norm = Normalized::new(&text);
    let mut matches = Vec::with_capacity(1000);
    matches.extend(matcher.find_iter(&text, &norm));
    assert!(matches.len() >= 100, "{}", matches.len());
    let n = allocations(|| {
        norm.reset(&text);
        matches.clear();
        matches.extend(matcher.find_iter(&text, &norm));
    });
    assert_eq!(n, 0);
}
