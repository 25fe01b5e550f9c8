import { blockedAddress, blockedHost } from './egress';

describe('the outbound SSRF guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.10.10', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['224.0.0.1', 'multicast'],
    ['[::1]', 'loopback'],
  ])('refuses %s (%s)', (ip, reason) => {
    expect(blockedAddress(ip)).toBe(reason);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (ip) => {
    expect(blockedAddress(ip)).toBeNull();
  });

  it.each([
    ['https://127.0.0.1/hook', /127\.0\.0\.1 is a loopback address/],
    ['https://2130706433/hook', /127\.0\.0\.1 is a loopback address/], // the URL parser normalizes odd IPv4 forms
    ['https://0x7f.1/hook', /127\.0\.0\.1 is a loopback/],
    ['https://[::1]:8443/hook', /::1 is a loopback address/],
    ['https://[::ffff:169.254.169.254]/latest', /metadata/],
    ['https://169.254.169.254/latest/meta-data', /metadata/],
    ['https://10.0.0.5/hook', /private/],
    ['https://localhost/hook', /local or internal host name/],
    ['https://api.localhost/hook', /local or internal/],
    ['https://metadata.google.internal/computeMetadata/v1', /local or internal/],
    ['https://billing.kessai.svc.cluster.local/x', /local or internal/],
    ['https://gateway:50051/x', /not a public host name/],
    ['https://LOCALHOST./hook', /local or internal/],
  ])('refuses the endpoint URL %s without DNS', (url, why) => {
    expect(blockedHost(new URL(url))).toMatch(why);
  });

  it.each(['https://hooks.example.com/kessai', 'https://93.184.215.14/x', 'https://[2606:4700::1111]/x'])('allows %s', (url) => {
    expect(blockedHost(new URL(url))).toBeNull();
  });
});
