// A devDependency used only to capture real servers' tool lists brings puppeteer, whose install
// step would download a browser; nothing here uses puppeteer, and installs fetch from npm only.
module.exports = { skipDownload: true };
