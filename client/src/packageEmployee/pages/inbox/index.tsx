/** 消息: placeholder (subscribe messages come later). */
import { Text, View } from '@tarojs/components';
import { usePageStyle } from '../../../components/a11y';

export default function Inbox() {
  return (
    <View className='page' style={usePageStyle()}>
      <View className='card'>
        <Text className='h2'>消息</Text>
        <Text className='muted'>此功能尚未开放。事项办结、需补正等通知将通过微信订阅消息发送（后续版本）。</Text>
      </View>
    </View>
  );
}
