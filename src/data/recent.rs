//! A small most-recently-used list: what the visit keeps of the articles it fetched, bounded so a
//! long visit (hundreds of articles opened from listings and related lists) does not grow the
//! page's memory without limit. A list, not a hash map: it holds tens of entries, and the wasm is
//! smaller without a hash table's code.

/// At most `capacity` values by key; the least recently used goes first when a new one comes.
#[derive(Debug)]
pub struct Recent<V> {
    capacity: usize,
    /// Least recently used first.
    entries: Vec<(String, V)>,
}

impl<V: Clone> Recent<V> {
    /// An empty list that keeps at most `capacity` values (at least one).
    pub const fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Vec::new(),
        }
    }

    /// The value kept for `key`, which becomes the most recently used.
    pub fn get(&mut self, key: &str) -> Option<V> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        let entry = self.entries.remove(at);
        let value = entry.1.clone();
        self.entries.push(entry);
        Some(value)
    }

    /// Keeps `value` for `key` as the most recently used, forgetting the least recently used
    /// beyond the capacity.
    pub fn put(&mut self, key: &str, value: V) {
        self.entries.retain(|(k, _)| k != key);
        self.entries.push((key.to_owned(), value));
        let excess = self.entries.len().saturating_sub(self.capacity.max(1));
        self.entries.drain(..excess);
    }

    /// How many values are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards against a long visit's article memory growing without limit.
    #[test]
    fn the_list_never_holds_more_than_its_capacity() {
        let mut recent = Recent::new(3);
        for i in 0..100 {
            recent.put(&format!("a{i}"), i);
        }
        assert_eq!(recent.len(), 3);
        assert_eq!(recent.get("a99"), Some(99));
        assert_eq!(recent.get("a96"), None);
    }

    /// Guards against evicting the article the reader keeps going back to.
    #[test]
    fn reading_an_entry_keeps_it_longest() {
        let mut recent = Recent::new(2);
        recent.put("a", 1);
        recent.put("b", 2);
        assert_eq!(recent.get("a"), Some(1));
        recent.put("c", 3);
        assert_eq!(recent.get("a"), Some(1));
        assert_eq!(recent.get("b"), None);
        recent.put("a", 4);
        assert_eq!((recent.len(), recent.get("a")), (2, Some(4)));
    }
}
