// Small behaviours that need no inline script (the Content Security Policy forbids inline JS).
