"""Work that finds you: each role's "today" home page, and the opt-in daily e-mail digest.

It sits above every case app (import-linter's layers): it only composes what their selectors
say is due, so each rule stays in the app that owns the data."""
