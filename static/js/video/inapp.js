// Which app's built-in browser opened the page, from its user agent. These browsers often
// refuse the camera and microphone or block sound until a tap; the page then says how to open
// the link in the phone's own browser. Pure; tests/js/inapp.test.mjs.

// In order: WeChat's agent also names MQQBrowser (its engine), so it must be tried first.
const APPS = [
  ["wechat", /MicroMessenger/i],
  ["alipay", /AlipayClient|AliApp\(AP/i],
  ["dingtalk", /DingTalk/i],
  ["weibo", /Weibo/i],
  ["bytedance", /aweme|BytedanceWebview|NewsArticle|Toutiao|ByteLocale/i],
  ["qq", /\bQQ\/|MQQBrowser/i],
];

/** The app whose browser this is ("wechat", "qq", ...), or null for an ordinary browser. */
export function inAppBrowser(userAgent) {
  const ua = userAgent || "";
  for (let i = 0; i < APPS.length; i++) {
    if (APPS[i][1].test(ua)) return APPS[i][0];
  }
  return null;
}
