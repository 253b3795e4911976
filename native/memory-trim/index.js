'use strict';
// The addon node-gyp built when npm installed this package (package.json, "install").
module.exports = require('./build/Release/memory_trim.node');
