package ai.omnix.pipeline.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundAddressPolicyTest {
  private final OutboundAddressPolicy strict = OutboundAddressPolicy.strict();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "255.255.255.255"
      })
  void refusesPrivateLoopbackLinkLocalAndMappedAddresses(String address) throws Exception {
    assertThat(strict.permits(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"8.8.8.8", "93.184.216.34", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"})
  void permitsPublicAddresses(String address) throws Exception {
    assertThat(strict.permits(InetAddress.getByName(address))).isTrue();
  }

  /** Issue 10 item 8: IPv6 forms that lead to a private IPv4 host are judged by that host. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "64:ff9b::7f00:1", // NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254 (metadata)
        "64:ff9b::a00:1", // NAT64 of 10.0.0.1
        "64:ff9b:1::808:808", // local-use NAT64: refused whatever it carries
        "64:ff9b:1:ff00::a00:1",
        "::127.0.0.1", // IPv4-compatible
        "::10.0.0.1",
        "::169.254.169.254",
        "::ffff:0:127.0.0.1", // IPv4-translated
        "2002:7f00:1::1", // 6to4 of 127.0.0.1
        "2002:c0a8:101::", // 6to4 of 192.168.1.1
        "2002:a9fe:a9fe::1", // 6to4 of the metadata address
        "2001:0:4136:e378:8000:63bf:f5ff:fffe", // Teredo, client 10.0.0.1 (stored inverted)
        "2001:0:a00:1:8000:63bf:f7f7:f7f7", // Teredo, server 10.0.0.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe" // Teredo, client 127.0.0.1
      })
  void refusesIpv6FormsThatCarryAPrivateIpv4Address(String address) throws Exception {
    InetAddress parsed = InetAddress.getByName(address);
    assertThat(parsed).as("the JDK keeps it IPv6").isInstanceOf(java.net.Inet6Address.class);

    assertThat(strict.permits(parsed)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "64:ff9b::808:808", // NAT64 of 8.8.8.8: how IPv6-only networks reach IPv4 hosts
        "2002:808:808::1", // 6to4 of 8.8.8.8
        "2001:0:4136:e378:8000:63bf:f7f7:f7f7", // Teredo, server and client public
        "::8.8.8.8"
      })
  void permitsIpv6FormsThatCarryAPublicIpv4Address(String address) throws Exception {
    assertThat(strict.permits(InetAddress.getByName(address))).isTrue();
  }

  @Test
  void anAllowListedIpv4BlockAlsoOpensItsIpv6Forms() throws Exception {
    OutboundAddressPolicy policy = new OutboundAddressPolicy(List.of(Cidr.parse("10.0.0.0/8")));

    assertThat(policy.permits(InetAddress.getByName("64:ff9b::a00:1"))).isTrue();
    assertThat(policy.permits(InetAddress.getByName("64:ff9b::7f00:1"))).isFalse();
  }

  @Test
  void resolvesOnlyToPermittedAddressesAndRefusesAHostWithNone() throws Exception {
    OutboundAddressPolicy loopback = new OutboundAddressPolicy(List.of(Cidr.parse("127.0.0.0/8")));

    assertThat(loopback.permittedAddresses("localhost"))
        .isNotEmpty()
        .allMatch(a -> a.getAddress()[0] == 127);
    assertThatThrownBy(() -> strict.permittedAddresses("localhost"))
        .isInstanceOf(ForbiddenAddressException.class);
    assertThatThrownBy(() -> strict.permittedAddresses("169.254.169.254"))
        .isInstanceOf(ForbiddenAddressException.class);
  }

  @Test
  void anAllowListOpensOnlyItsBlocks() throws Exception {
    OutboundAddressPolicy policy = new OutboundAddressPolicy(List.of(Cidr.parse("127.0.0.0/8")));
    assertThat(policy.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(policy.permits(InetAddress.getByName("10.0.0.1"))).isFalse();
    assertThat(policy.checkUrl("http://localhost:9000/hook")).isEmpty();
  }

  @Test
  void checksUrlsBeforeAcceptingThem() {
    assertThat(strict.checkUrl("https://hooks.example.com/omnix")).isEmpty();
    assertThat(strict.checkUrl("ftp://example.com/x")).hasValue("must use http or https");
    assertThat(strict.checkUrl("http://user:pw@example.com/"))
        .hasValue("must not contain credentials");
    assertThat(strict.checkUrl("http://127.0.0.1:8080/")).get().asString().contains("private");
    assertThat(strict.checkUrl("http://[::1]/")).get().asString().contains("private");
    assertThat(strict.checkUrl("http://169.254.169.254/latest/meta-data")).isPresent();
    assertThat(strict.checkUrl("http://localhost/")).hasValue("points to a local host name");
    assertThat(strict.checkUrl("http://metadata.google.internal/"))
        .hasValue("points to a local host name");
    assertThat(strict.checkUrl("not a url")).isPresent();
    assertThat(strict.checkUrl("http:///path-only")).isPresent();
    assertThat(strict.checkUrl("https://example.com/" + "a".repeat(3000))).isPresent();
  }

  @Test
  void parsesCidrBlocks() throws Exception {
    Cidr block = Cidr.parse("10.20.0.0/16");
    assertThat(block.contains(InetAddress.getByName("10.20.255.1"))).isTrue();
    assertThat(block.contains(InetAddress.getByName("10.21.0.1"))).isFalse();
    assertThat(Cidr.parse("fc00::/7").contains(InetAddress.getByName("fdff::1"))).isTrue();
  }
}
