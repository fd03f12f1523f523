"""The Chinese words of the product's own texts that no text shows alone (``服务`` in
``每个线程都还在服务连接时``, ``任意`` in ``任意两块之间都可能被切换``): the line breaking keeps them
whole (:func:`tui_app.wrapping.terms`), as it keeps the runs a text shows alone.

They were found by a Chinese word segmenter (jieba, not a dependency: its dictionary takes two
seconds to load) over every Chinese text and help of the product; ``python -m tui_app.zh_words``
finds them again after the texts change, where jieba is installed, and rewrites :data:`WORDS`. A
word the texts no longer use does no harm: it keeps nothing whole where it does not occur.
"""

from __future__ import annotations

_FOUND = """
    一个 一个套 一份 一分钟 一块 一把 一方 一条 一样 一次
    一步 一点 一直 一笔 一致 一行 一起 一轮 一部分 一页
    一项 三个 三种 上方 上移 上限 上面 下去 下方 下移
    不会 不再 不到 不变 不可 不同 不是 不符 不算 不能
    不要 不见 不计 不足 不过 东西 丢失 丢弃 两个 两块
    两把 两次 两端 两笔 两者 两者之间 严格 中位数 中文 中文名
    中止 中途 中间 临时文件 临界 为了 为什么 主题 之一 之前
    之后 之外 之间 事件 二进制 于是 交出 交给 交错 什么
    介于 从不 从前 从头 代价 以上 以下 以便 以及 以后
    任一 任何 任意 位置 低于 余额 使用 例如 依次 保存
    保护 保持 保留 保证 信号量 信息 修改 修正 停止 允许
    先后 先是 光标 全局 全选 全部 公平 共享 共用 关闭
    其中 其他 其他人 其余 其余部分 其间 内容 内核 再也 再也不会
    再次 写入 写出 写成 写法 决定 减半 减慢 几个 几乎
    几十 几条 几笔 几行 出错 分别 分成 分配 切换 列出
    删除 判断 别人 别的 到来 到达 刷新 前者 剩余 剪切
    剪贴板 加上 加以 加倍 加快 加锁 包含 匹配 区内 十六进制
    单位 单元 单击 单步 单独 占用 卡住 卡死 即使 历史
    原因 原本 参数 及其 发来 发现 发生 发送 发送到 发送数据
    取决于 取消 取自 只有 只能 只读 可以 可用 可能 右移
    右边 各个 各自 各行 合并 合计 同一 同一个 同一时间 同列
    同时 同样 同步 名字 名称 名额 后来 向上 向下 向前
    否则 启动 告知 告诉 周期 命令 命令行 哪个 哪些 哪里
    四分之一 四次 回复 回放 回环 因此 图例 图片 图画 在此之前
    在读 地址 地方 均值 填入 填写 墙上 处于 处在 处理
    处理完毕 复制 复用 外部 多个 多出 大于 大写字母 大小 失败
    套接 如何 如此 始终 字数 字符 字节 字节数 存入 存在
    存款 它们 安全 完成 完整 完毕 实验 实验室 客户端 宽度
    对方 对比 对话 对象 导出 小于 小写字母 少于 少数 尚未
    就绪 尺寸 尽快 屏幕 展示 工作 左移 左边 已有 已知
    帮助 平均 平均值 并重 并非 广播 应为 应用 应答 底部
    延迟 建立 开启 开头 开始 归还 当前 当前工作 录制 形式
    形成 影响 往前 往后 很小 得不到 得出 得到 循环 必需
    忘记 总共 总数 总是 总能 恰好 情况 意外 成功 成行
    或者 截图 截断 所以 所在 所得 所有 所有人 所述 手动
    才能 打开 打破 执行 找出 找到 抄写 投影 报告 抹掉
    拉高 拒绝 拿到 持有 持有者 指出 按住 按时 按计划 按钮
    按键 排列 排序 排队 探测 接受 接字 接收 控制 描述符
    提交 提到 提示 插进来 插队 握手 搜索 摘要 撕裂 操作
    收到 收发 改用 放下 放到 放在 放大 放开 放弃 放慢
    放行 数字 数字键 数据 数量 整数 整条 整轮 文件 文件名
    文件系统 文字 文本 断开 新一轮 新建 方向键 方式 旁边 无人
    无效 无法 时会 时刻 时钟 时间 时限 是否 显示 普通
    暂停 暂存 暂时 更换 更新 替换 最后 最大 最大化 最新
    最早 最终 最近 有效 服务 服务器 服务器端 期间 未知 未能
    未补 末尾 本次 本轮 机器 权限 条目 来自 来说 查看
    标准 标题 根据 格式 案例 模式 次数 正在 正在连接 正好
    正是 此处 此时 步骤 歧义 死锁 段时间 段落 每个 每次
    每步 每种 每秒 每笔 每行 比较 毫无 毫秒 永远 汇总
    没有 泳道 活动 测量 消失 消息 滚动 演示 点击 焦点
    然后 片段 版本 版本号 状态 独立 独立程序 现在 甚至 生效
    用尽 用法 界面 留下 留在 留空 百分位 监听 目录 目标
    直到 相互 相反 相同 相隔 省略 看不到 真实 确认 示例
    离开 秒数 移入 移动 移除 程序 空格 空格键 空闲 空间
    窗格 立即 端口 第一个 第一把 第一次 第一轮 第二块 第二把 第二次
    等于 等到 等待 等待时间 算数 算法 管道 粘贴 累加 累计
    线程 终端 绑定 结尾 结束 结果 结论 给出 给定 继续
    编号 编码 缩小 缺失 缺少 网络 翻页键 耐心 耗尽 自动
    自己 自带 自由 自行 至今 至多 至少 英文 英文名 获准
    获取 获得 行尾 行走 补全 表单 表明 表格 表示 要求
    覆盖 观察 观测 视图 解析 解释器 警告 计入 计划 计时
    计算 认识 记录 记录时间 设备 设置 访问 识别 词首 语言
    说明 请求 读取 调用 账户 资源 起来 超出 超出范围 超时
    超过 越过 跟随 转义 转账 轮次 输入 输入框 输出 边界
    达到 运行 返回 还原 还有 这个 这么 这些 这样 这次
    这里 进入 进展 进程 进行 连接 退出 送达 选中 选定
    选择 选项 逐字 逐步 逐行 通俗 通信 造成 那个 那时
    那条 那样 那里 部件 部分 配色 释放 里面 重启 重复
    重定向 重新 重新启动 重用 重置 错乱 错位 错误 长度 间隔
    队列 阻塞 除非 随之 随即 随后 隐藏 需要 静默 面板
    顶部 顺序 预测 首尾 高于 默认 默认值
"""
WORDS: frozenset[str] = frozenset(_FOUND.split())


def found() -> list[str]:
    """The words of 2 to 4 Chinese characters jieba finds in the product's texts, sorted."""
    import importlib
    import re

    from .strings import CLI_HELP, TABLES

    jieba = importlib.import_module("jieba")  # only to find them again: not a dependency

    jieba.setLogLevel(60)
    texts = [text for table in (*TABLES.values(), *CLI_HELP.values()) for text in table.values()]
    han = re.compile(r"[\u4e00-\u9fff]{2,4}")
    return sorted({word for text in texts for word in jieba.lcut(text, HMM=False) if han.fullmatch(word)})


def rewrite() -> None:
    """Rewrite the words this module's :data:`WORDS` is made of with :func:`found`, ten a line."""
    import pathlib

    words = found()
    rows = ["    " + " ".join(words[i : i + 10]) for i in range(0, len(words), 10)]
    path = pathlib.Path(__file__)
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("_FOUND = ")]
    body = '_FOUND = """\n' + "\n".join(rows) + '\n"""\nWORDS: frozenset[str] = frozenset(_FOUND.split())\n'
    tail = "\n\n" + text[text.index("def found()") :]
    path.write_text(head + body + tail, encoding="utf-8")


if __name__ == "__main__":
    try:
        rewrite()
    except ModuleNotFoundError as missing:
        needed = missing.name
        said = f"zh_words: {needed} is needed to find the words again (pip install {needed})"
        raise SystemExit(said) from None
