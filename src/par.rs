//! Work split over the caller's threads, when the caller gave some.
//!
//! The library starts no thread of its own. With the `rayon` feature, work that
//! is called from inside a rayon thread pool (the pool a
//! [`Pipeline`](crate::pipeline::Pipeline) was given, or any the caller
//! `install`s) is spread over that pool: loading gazetteer files, checking their
//! records, building the matcher. Called from any other thread, it runs there,
//! one item after another. The results are the same either way, in the same order.

/// The number of threads of the pool the caller runs in (1 outside a pool).
pub(crate) fn threads() -> usize {
    #[cfg(feature = "rayon")]
    if rayon::current_thread_index().is_some() {
        return rayon::current_num_threads();
    }
    1
}

/// `items` mapped by `f`, in order: on the caller's pool if it runs in one.
pub(crate) fn map<T, R, F>(items: Vec<T>, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    #[cfg(feature = "rayon")]
    if threads() > 1 && items.len() > 1 {
        use rayon::prelude::*;
        return items.into_par_iter().with_max_len(1).map(f).collect();
    }
    items.into_iter().map(f).collect()
}

/// Drops `value` on the caller's pool if it runs in one (many small allocations
/// need not hold up the caller), or here.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    #[cfg(feature = "rayon")]
    if threads() > 1 {
        rayon::spawn(move || drop(value));
        return;
    }
    drop(value);
}
