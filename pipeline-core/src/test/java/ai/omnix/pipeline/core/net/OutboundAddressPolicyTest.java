package ai.omnix.pipeline.core.net;

import static org.assertj.core.api.Assertions.assertThat;

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
