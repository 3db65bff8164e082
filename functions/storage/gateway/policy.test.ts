import { refusal } from './policy';

test.each([['GET', 'k'], ['evalsha', 'abc', '0'], ['XREAD', 'COUNT', '1', 'STREAMS', 's', '0'], ['SCAN', '0'], ['SCRIPT', 'LOAD', 'return 1']])('%s … may run', (...command) => {
  expect(refusal(command)).toBeUndefined();
});

test.each([
  [['multi'], /multi-exec/],
  [['select', '1'], /shared/],
  [['subscribe', 'news'], /streaming/],
  [['blpop', 'q', '0'], /blocking/],
  [['xread', 'block', '0', 'streams', 's', '$'], /blocking/],
  [['flushdb'], /prefix/],
  [['config', 'set', 'x', 'y'], /administration/],
  [['keys', '*'], /SCAN/],
])('%j is refused (%s)', (command, reason) => {
  expect(refusal(command)).toMatch(reason);
  expect(refusal(command)).toMatch(/^ERR '/);
});
