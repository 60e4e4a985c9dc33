//! The client address a request is counted under: the TCP peer, unless the peer is one of the
//! configured trusted proxies (`CONVOT_TRUSTED_PROXIES`), whose `X-Forwarded-For` is believed.
//!
//! Anyone can send `X-Forwarded-For`; read from an untrusted peer it would let every request
//! claim a fresh address and escape per-address limits.
use actix_web::http::header::HeaderMap;
use actix_web::HttpRequest;
use std::net::{IpAddr, SocketAddr};

pub fn of(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    resolve(
        req.peer_addr().map(|addr| addr.ip()),
        req.headers(),
        trusted_proxies,
    )
}

/// Walks `X-Forwarded-For` from the nearest hop back while each hop is a trusted proxy; the
/// first untrusted hop is the client. Entries left of it were written by the client and are
/// not believed; an unreadable entry ends the walk at the proxy that wrote it.
pub fn resolve(peer: Option<IpAddr>, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let trusted = |ip: &IpAddr| trusted_proxies.contains(&ip.to_canonical());
    let mut client = peer?;
    if !trusted(&client) {
        return Some(client);
    }
    // Several headers are one list, in order (RFC 9110 §5.3).
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .flat_map(|value| value.to_str().unwrap_or("").split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        let Some(ip) = parse_hop(hop) else {
            break;
        };
        client = ip;
        if !trusted(&ip) {
            break;
        }
    }
    Some(client)
}

/// An address, also with a port as some proxies write it (`1.2.3.4:5`, `[::1]:5`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|addr| addr.ip()))
        .ok()
}

/// `CONVOT_TRUSTED_PROXIES`: comma-separated IP addresses.
pub fn parse_trusted_proxies(value: &str) -> Result<Vec<IpAddr>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpAddr>()
                .map(|ip| ip.to_canonical())
                .map_err(|_| format!("\"{entry}\" is not an IP address"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in forwarded {
            map.append(
                HeaderName::from_static("x-forwarded-for"),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_cannot_claim_another_address() {
        let got = resolve(Some(ip("198.51.100.9")), &headers(&["203.0.113.1"]), &[]);
        assert_eq!(got, Some(ip("198.51.100.9")));
        let proxy = [ip("10.0.0.1")];
        let got = resolve(Some(ip("198.51.100.9")), &headers(&["203.0.113.1"]), &proxy);
        assert_eq!(got, Some(ip("198.51.100.9")));
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_is_the_client() {
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        // The client wrote the first entry itself; only what the proxies appended is believed.
        let forwarded = headers(&["1.1.1.1, 203.0.113.5", "10.0.0.2"]);
        assert_eq!(
            resolve(Some(ip("10.0.0.1")), &forwarded, &proxies),
            Some(ip("203.0.113.5"))
        );
        assert_eq!(
            resolve(Some(ip("10.0.0.1")), &headers(&["203.0.113.5:4711"]), &proxies),
            Some(ip("203.0.113.5"))
        );
    }

    #[test]
    fn a_trusted_peer_without_a_readable_header_is_the_client() {
        let proxies = [ip("10.0.0.1")];
        assert_eq!(
            resolve(Some(ip("10.0.0.1")), &headers(&[]), &proxies),
            Some(ip("10.0.0.1"))
        );
        assert_eq!(
            resolve(
                Some(ip("10.0.0.1")),
                &headers(&["203.0.113.5, garbage"]),
                &proxies
            ),
            Some(ip("10.0.0.1"))
        );
    }

    #[test]
    fn trusted_proxies_parse_from_a_comma_separated_list() {
        assert_eq!(parse_trusted_proxies(""), Ok(vec![]));
        assert_eq!(
            parse_trusted_proxies("10.0.0.1, ::1 ,"),
            Ok(vec![ip("10.0.0.1"), ip("::1")])
        );
        assert!(parse_trusted_proxies("10.0.0.0/8").is_err());
    }
}
