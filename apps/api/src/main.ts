import { x } from '@app/core';
console.log('hello', x);
