//! The global allocator of the programs: the system allocator for a process's first
//! [`SYSTEM_BYTES`] of allocations, mimalloc for the rest.
//!
//! A short run (`synth` of one stack allocates about 0.7 MB in all) then touches as few fresh pages
//! as glibc's packed heap needs: mimalloc gives each block size its own pages, and their
//! first touches were a third of the page faults of `synth eshop-fcj` (about 130 of 330, at
//! several microseconds each). A large run (10,000 methods allocate hundreds of megabytes)
//! still spends nearly all of its time in mimalloc, whose frees stay cheap as the heap
//! grows, where glibc's cost more per block the larger the heap (see docs/performance.md).
//!
//! Each block is freed or resized by the allocator that gave it: mimalloc answers whether a
//! pointer lies in one of its segments (`mi_is_in_heap_region`, a lookup in its segment
//! map), and every other block is the system allocator's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many bytes a process allocates from the system allocator before it turns to mimalloc.
pub(crate) const SYSTEM_BYTES: usize = 2 << 20;

/// The programs' global allocator (see the module's documentation):
/// `#[global_allocator] static ALLOCATOR: apigw_synth::Allocator = apigw_synth::Allocator::new();`
#[derive(Debug)]
pub struct Allocator {
    /// Bytes requested so far from the system allocator; past [`SYSTEM_BYTES`], mimalloc.
    system_bytes: AtomicUsize,
}

impl Allocator {
    /// An allocator that has given nothing yet.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            system_bytes: AtomicUsize::new(0),
        }
    }

    /// Whether a new block of `size` bytes comes from the system allocator.
    fn gives_system_block(&self, size: usize) -> bool {
        self.system_bytes.load(Ordering::Relaxed) < SYSTEM_BYTES
            && self.system_bytes.fetch_add(size, Ordering::Relaxed) < SYSTEM_BYTES
    }
}

impl Default for Allocator {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether mimalloc gave the block at `ptr`.
fn is_mimalloc(ptr: *mut u8) -> bool {
    // SAFETY: mimalloc's lookup accepts any pointer, its own or not.
    unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast()) }
}

// SAFETY: every block comes from System or MiMalloc, both sound allocators, and goes back to
// the one that gave it (`is_mimalloc`), with the layout it was given with.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if self.gives_system_block(layout.size()) {
            // SAFETY: the caller's contract, passed on.
            unsafe { System.alloc(layout) }
        } else {
            // SAFETY: the caller's contract, passed on.
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if self.gives_system_block(layout.size()) {
            // SAFETY: the caller's contract, passed on.
            unsafe { System.alloc_zeroed(layout) }
        } else {
            // SAFETY: the caller's contract, passed on.
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_mimalloc(ptr) {
            // SAFETY: mimalloc gave `ptr`, with `layout` (the caller's contract).
            unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
        } else {
            // SAFETY: the system allocator gave `ptr`, with `layout`.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if is_mimalloc(ptr) {
            // SAFETY: mimalloc gave `ptr`, with `layout` (the caller's contract).
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        } else if self.gives_system_block(new_size) {
            // SAFETY: the system allocator gave `ptr`, with `layout`.
            unsafe { System.realloc(ptr, layout, new_size) }
        } else {
            // Past the system share, a growing block moves to mimalloc (a larger block is a
            // copy in either allocator), so that a buffer begun early grows there.
            // SAFETY: `new_size` is valid for `layout.align()` (the caller's contract).
            let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
            // SAFETY: `new_layout` has a non-zero size, as `new_size` must.
            let new = unsafe { mimalloc::MiMalloc.alloc(new_layout) };
            if !new.is_null() {
                // SAFETY: both blocks hold at least the smaller size, and don't overlap.
                unsafe { std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
                // SAFETY: the system allocator gave `ptr`, with `layout`.
                unsafe { System.dealloc(ptr, layout) };
            }
            new
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_past_the_system_share_come_from_mimalloc_and_each_returns_to_its_own() {
        let allocator = Allocator::new();
        let small = Layout::from_size_align(64, 8).unwrap();
        let big = Layout::from_size_align(SYSTEM_BYTES, 8).unwrap();
        unsafe {
            let first = allocator.alloc(small);
            assert!(
                !is_mimalloc(first),
                "the first block is the system allocator's"
            );
            let filler = allocator.alloc(big);
            let later = allocator.alloc(small);
            assert!(is_mimalloc(later), "past the system share, mimalloc's");
            first.write(7);
            later.write(9);
            // Past the system share, both grow in mimalloc's, keeping their bytes.
            let first = allocator.realloc(first, small, 4096);
            let later = allocator.realloc(later, small, 4096);
            assert_eq!((first.read(), later.read()), (7, 9));
            assert!(is_mimalloc(first) && is_mimalloc(later));
            let grown = Layout::from_size_align(4096, 8).unwrap();
            allocator.dealloc(first, grown);
            allocator.dealloc(later, grown);
            allocator.dealloc(filler, big);
        }
    }

    #[test]
    fn within_the_system_share_a_block_grows_with_the_system_allocator() {
        let allocator = Allocator::new();
        let small = Layout::from_size_align(64, 8).unwrap();
        unsafe {
            let block = allocator.alloc(small);
            block.write(5);
            let block = allocator.realloc(block, small, 4096);
            assert_eq!(block.read(), 5);
            assert!(!is_mimalloc(block));
            allocator.dealloc(block, Layout::from_size_align(4096, 8).unwrap());
        }
    }
}
