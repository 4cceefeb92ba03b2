//! Unit tests of the inspector.
