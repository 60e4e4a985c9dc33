//! A TCP proxy in front of the real PostgreSQL that can be cut: while down it closes every
//! open connection and refuses new ones, as a stopped or unreachable server would look to the
//! API. Other tests share the PostgreSQL server, so it cannot really be stopped.
use std::sync::Arc;
use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct TcpProxy {
    pub port: u16,
    down: Arc<watch::Sender<bool>>,
}

impl TcpProxy {
    pub async fn start(target: String) -> TcpProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (down, _) = watch::channel(false);
        let down = Arc::new(down);
        let state = down.clone();
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if *state.borrow() {
                    continue; // dropped: the connection is closed at once
                }
                let mut cut = state.subscribe();
                let target = target.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.wait_for(|down| *down) => {}
                    }
                });
            }
        });
        TcpProxy { port, down }
    }

    pub fn set_down(&self, down: bool) {
        self.down.send_replace(down);
    }
}
