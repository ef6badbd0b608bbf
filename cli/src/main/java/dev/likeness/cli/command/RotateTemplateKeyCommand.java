package dev.likeness.cli.command;

import dev.likeness.launcher.KeyRotation;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "rotate-template-key", mixinStandardHelpOptions = true,
        description = "Replace the local stack's template key (templates at rest are sealed with it): auth-service restarts "
                + "with the new key and the old, re-seals every template with the new key, and the old key file is deleted "
                + "once no template needs it. Sessions starting during the restart get SERVER_UNAVAILABLE.")
public final class RotateTemplateKeyCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        KeyRotation.TemplateReseal reseal = StackHome.locate().keys().rotateTemplateKey();
        System.out.printf("templates: %d re-sealed, %d already on the new key, %d changed meanwhile, %d unreadable%n",
                reseal.resealed(), reseal.alreadyCurrent(), reseal.changedMeanwhile(), reseal.unreadable());
        if (reseal.unreadable() > 0) {
            System.out.println("some templates open with no configured key: the previous key files are kept; see auth-service's log");
            return 1;
        }
        System.out.println("every template is sealed with the new key; the previous key file was deleted");
        return 0;
    }
}
