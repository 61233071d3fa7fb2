// console.js: the live message preview and the run page's progress (no build step, no framework).
