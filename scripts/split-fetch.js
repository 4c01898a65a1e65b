// Added to wasm-split-cli's loader by scripts/split-wasm.sh, which points
// its chunk requests here: they go out in tasks of their own, a few
// milliseconds' worth to a task. Issuing a request costs the main thread
// about half a millisecond, and the first view's parts need some sixty
// chunks: all at once were a 30 ms task (a Lighthouse trace on this
// project's machine).
const spreadQueue = [];
let spreadScheduled = false;
function spreadFetch(url) {
    return new Promise((resolve) => {
        spreadQueue.push([url, resolve]);
        spreadLater();
    });
}
function spreadLater() {
    if (spreadScheduled) return;
    spreadScheduled = true;
    const channel = new MessageChannel();
    channel.port1.onmessage = spreadSome;
    channel.port2.postMessage(null);
}
function spreadSome() {
    spreadScheduled = false;
    const start = performance.now();
    while (spreadQueue.length > 0 && performance.now() - start < 4) {
        const [url, resolve] = spreadQueue.shift();
        resolve(fetch(url));
    }
    if (spreadQueue.length > 0) spreadLater();
}
