//! Which addresses a webhook may reach. Checked on every address a host resolves to, so a
//! name pointing at the inside of the network is refused just as an IP literal is.
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not a public one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressClass {
    Public,
    /// 127.0.0.0/8, ::1, and the unspecified 0.0.0.0 / :: (which reach the local host).
    Loopback,
    /// 10/8, 172.16/12, 192.168/16 and the carrier-grade 100.64/10.
    Private,
    /// 169.254/16 and fe80::/10.
    LinkLocal,
    /// fc00::/7.
    UniqueLocal,
    /// Cloud instance metadata services: refused even when private addresses are allowed.
    Metadata,
    /// Multicast, broadcast, documentation and reserved ranges: nothing a receiver listens on.
    Reserved,
}

impl AddressClass {
    pub fn describe(self) -> &'static str {
        match self {
            AddressClass::Public => "public",
            AddressClass::Loopback => "loopback",
            AddressClass::Private => "private",
            AddressClass::LinkLocal => "link-local",
            AddressClass::UniqueLocal => "unique-local",
            AddressClass::Metadata => "cloud metadata",
            AddressClass::Reserved => "reserved",
        }
    }

    /// Whether a sender may connect: public always; the inside of the network only when
    /// configuration allows it (tests, on-premises receivers); metadata services never.
    pub fn allowed(self, allow_private: bool) -> bool {
        match self {
            AddressClass::Public => true,
            AddressClass::Metadata => false,
            _ => allow_private,
        }
    }
}

/// AWS/GCP/Azure/OpenStack (169.254.169.254), AWS ECS (169.254.170.2), EKS Pod Identity
/// (169.254.170.23), Tencent (169.254.0.23), Alibaba (100.100.100.200), Azure's WireServer
/// (168.63.129.16, a public address only reachable from inside Azure).
const METADATA_V4: [Ipv4Addr; 6] = [
    Ipv4Addr::new(169, 254, 169, 254),
    Ipv4Addr::new(169, 254, 170, 2),
    Ipv4Addr::new(169, 254, 170, 23),
    Ipv4Addr::new(169, 254, 0, 23),
    Ipv4Addr::new(100, 100, 100, 200),
    Ipv4Addr::new(168, 63, 129, 16),
];
/// AWS's IPv6 metadata services live in fd00:ec2::/32 (fd00:ec2::254, fd00:ec2::23).
fn is_metadata_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    s[0] == 0xfd00 && s[1] == 0x0ec2
}

pub fn classify(address: IpAddr) -> AddressClass {
    match address {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, _, _] = ip.octets();
    if METADATA_V4.contains(&ip) {
        AddressClass::Metadata
    } else if ip.is_loopback() || ip.is_unspecified() || a == 0 {
        AddressClass::Loopback
    } else if ip.is_private() || (a == 100 && (64..128).contains(&b)) {
        AddressClass::Private
    } else if ip.is_link_local() {
        AddressClass::LinkLocal
    } else if ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a >= 240
        || (a == 198 && (b == 18 || b == 19))
        || (a == 192 && b == 0 && ip.octets()[2] == 0)
    {
        AddressClass::Reserved
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    let first = ip.segments()[0];
    let second = ip.segments()[1];
    if is_metadata_v6(ip) {
        AddressClass::Metadata
    } else if ip.is_loopback() || ip.is_unspecified() {
        AddressClass::Loopback
    } else if first & 0xffc0 == 0xfe80 {
        AddressClass::LinkLocal
    } else if first & 0xffc0 == 0xfec0 {
        // Site-local (deprecated, but still routed inside some networks).
        AddressClass::Private
    } else if first & 0xfe00 == 0xfc00 {
        AddressClass::UniqueLocal
    } else if ip.is_multicast()
        || (first == 0x2001 && second == 0x0db8)
        // Teredo tunnels hide the IPv4 address they reach: nothing to judge, so refused.
        || (first == 0x2001 && second == 0x0000)
    {
        AddressClass::Reserved
    } else {
        AddressClass::Public
    }
}

/// The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-translated
/// (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d and the local-use
/// 64:ff9b:1::/48) or 6to4 (2002:aabb:ccdd::/48) address, which a connection would in effect
/// reach.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = ip.segments();
    let v4 = |high: u16, low: u16| Ipv4Addr::new((high >> 8) as u8, high as u8, (low >> 8) as u8, low as u8);
    if s[0] == 0x2002 {
        return Some(v4(s[1], s[2]));
    }
    let nat64 = s[0] == 0x64 && s[1] == 0xff9b && s[2..6].iter().all(|x| *x == 0);
    let local_nat64 = s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1;
    let translated = s[..4].iter().all(|x| *x == 0) && s[4] == 0xffff && s[5] == 0;
    let compatible = s[..6].iter().all(|x| *x == 0) && !ip.is_loopback() && !ip.is_unspecified();
    (nat64 || local_nat64 || translated || compatible).then_some(v4(s[6], s[7]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str) -> AddressClass {
        classify(text.parse().unwrap())
    }

    #[test]
    fn each_inside_address_has_its_class() {
        let cases = [
            ("127.0.0.1", AddressClass::Loopback),
            ("127.255.0.9", AddressClass::Loopback),
            ("0.0.0.0", AddressClass::Loopback),
            ("::1", AddressClass::Loopback),
            ("::", AddressClass::Loopback),
            ("10.1.2.3", AddressClass::Private),
            ("172.16.0.1", AddressClass::Private),
            ("172.31.255.255", AddressClass::Private),
            ("192.168.1.1", AddressClass::Private),
            ("100.64.0.1", AddressClass::Private),
            ("169.254.1.1", AddressClass::LinkLocal),
            ("fe80::1", AddressClass::LinkLocal),
            ("fc00::1", AddressClass::UniqueLocal),
            ("fd12:3456::1", AddressClass::UniqueLocal),
            ("169.254.169.254", AddressClass::Metadata),
            ("fd00:ec2::254", AddressClass::Metadata),
            ("100.100.100.200", AddressClass::Metadata),
            ("224.0.0.1", AddressClass::Reserved),
            ("255.255.255.255", AddressClass::Reserved),
            ("ff02::1", AddressClass::Reserved),
            ("169.254.170.23", AddressClass::Metadata),
            ("169.254.0.23", AddressClass::Metadata),
            ("168.63.129.16", AddressClass::Metadata),
            ("fd00:ec2::23", AddressClass::Metadata),
            // Addresses that carry an IPv4 address are judged by it.
            ("2002:7f00:1::", AddressClass::Loopback),
            ("2002:a9fe:a9fe::", AddressClass::Metadata),
            ("2002:0a00:0001::1", AddressClass::Private),
            ("::ffff:0:127.0.0.1", AddressClass::Loopback),
            ("64:ff9b:1::a00:1", AddressClass::Private),
            ("2001:0:4136:e378:8000:63bf:3fff:fdd2", AddressClass::Reserved),
            ("fec0::1", AddressClass::Private),
            ("2002:5db8:d70e::1", AddressClass::Public),
        ];
        for (text, expected) in cases {
            assert_eq!(class(text), expected, "{text}");
        }
    }

    #[test]
    fn an_ipv4_address_wrapped_in_ipv6_is_judged_as_itself() {
        assert_eq!(class("::ffff:127.0.0.1"), AddressClass::Loopback);
        assert_eq!(class("::ffff:169.254.169.254"), AddressClass::Metadata);
        assert_eq!(class("64:ff9b::10.0.0.1"), AddressClass::Private);
        assert_eq!(class("::10.0.0.1"), AddressClass::Private);
    }

    #[test]
    fn public_addresses_pass() {
        for text in [
            "93.184.216.34",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "8.8.8.8",
        ] {
            assert_eq!(class(text), AddressClass::Public, "{text}");
        }
    }

    #[test]
    fn allowing_private_addresses_never_allows_metadata() {
        assert!(AddressClass::Loopback.allowed(true));
        assert!(!AddressClass::Loopback.allowed(false));
        assert!(!AddressClass::Metadata.allowed(true));
        assert!(AddressClass::Public.allowed(false));
    }
}
