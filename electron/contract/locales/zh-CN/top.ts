/** Texts of every key the TOP client emits (`TopError`, `TopTransportError`, `TopResponseError`). */
export default {
  top: {
    error: {
      transport: {
        notSent: '无法连接开放平台网关，请求未发出，可放心重试',
        outcomeUnknown: '请求已发出但没有收到有效答复，结果未知；之后只会用同一笔请求重试，不会换新请求重做',
      },
      server: '开放平台服务暂时异常（{subCode}），请稍后再试',
      ban: {
        timed: {
          hours: '调用过于频繁，开放平台暂停了本应用的调用，请 {hours} 小时 {minutes} 分后再试',
          minutes: '调用过于频繁，开放平台暂停了本应用的调用，请 {minutes} 分 {seconds} 秒后再试',
          seconds: '调用过于频繁，开放平台暂停了本应用的调用，请 {seconds} 秒后再试',
        },
        untimed: '调用过于频繁，开放平台暂停了本应用的调用，请稍后再试',
      },
      rateLimited: '调用次数超出开放平台的限制（错误码 {code}），请稍后再试',
      signature: '签名无效：App Secret 或签名方式与 App Key 不匹配（错误码 {code}）',
      clock: {
        ahead: {
          hours: '本机时间比开放平台快 {hours} 小时 {minutes} 分，请校准电脑时间后重试',
          minutes: '本机时间比开放平台快 {minutes} 分 {seconds} 秒，请校准电脑时间后重试',
        },
        behind: {
          hours: '本机时间比开放平台慢 {hours} 小时 {minutes} 分，请校准电脑时间后重试',
          minutes: '本机时间比开放平台慢 {minutes} 分 {seconds} 秒，请校准电脑时间后重试',
        },
        unknown: '请求时间戳被拒绝，请检查电脑的日期和时间',
      },
      session: {
        missing: '此接口需要店铺授权（SessionKey），请先在设置中完成授权',
        invalid: '店铺授权（SessionKey）无效或已过期，请重新授权',
      },
      appKey: {
        missing: '未填写 App Key',
        invalid: 'App Key 无效，请检查设置中的 App Key 和网关地址',
      },
      caller: {
        missingParameter: '缺少必填参数：{detail}',
        invalidParameter: '参数不合法：{detail}',
        other: '请求被开放平台拒绝（{subCode}）：{detail}',
      },
      platform: '开放平台返回错误 {code}：{msg}',
      response: '无法识别开放平台的答复（{path}），请先在平台核对结果再重试',
    },
  },
}
